"""Saved pages in the shapes of Chinese news and government sites, with their true bodies.

The project's own writing (the articles and every line of boilerplate are written for
this set; no site's text is copied). Each *shape* follows the markup of one kind of
article page as those sites served them around 2022-2024, as seen in a browser's
"save page" of such a page: the element names and classes that hold the title, the
date and source line, the body, and the boilerplate around them (portal navigation,
"相关新闻"/"热点推荐" lists, comment boxes, 免责声明, 责任编辑 lines, share bars, body
paragraphs in bare ``<div>``s or ``<br>``-separated text). ``SHAPES`` says which site
each follows. ``scripts/eval_extraction.py --set chinese`` scores extractors on them;
tests read a few.

    saved_pages(folder) → {key: (path, true body)}
"""

from __future__ import annotations

from pathlib import Path

ARTICLES = [
    (
        "海关总署与品保委召开视频会议",
        "2022-03-30",
        [
            "3月30日，海关总署综合业务司副司长孙晓路与中国外商投资企业协会优质品牌保护委员会（品保委）会员企业代表召开视频会议，就进出口环节知识产权保护工作交换意见。",
            "孙晓路表示，海关将继续加大对侵权货物的查处力度，优化知识产权海关备案流程，进一步便利权利人申请保护。",
            "品保委代表介绍了会员企业在跨境电商渠道遇到的侵权问题，并建议加强海关与企业之间的信息共享。",
            "双方同意今后定期举行工作会议，共同营造公平竞争的营商环境。",
        ],
    ),
    (
        "厦门海关查获侵权运动鞋一万二千双",
        "2023-06-12",
        [
            "近日，厦门海关所属东渡海关在对一批申报出口的货物实施查验时，发现集装箱内装有标有某知名品牌商标的运动鞋一万二千双。",
            "经权利人确认，上述货物均为侵犯注册商标专用权的货物。目前，海关已依法扣留该批货物，案件正在进一步处理中。",
            "厦门海关有关负责人表示，今年以来该关已累计查获侵权货物三十余批次，涉及服装、鞋帽、电子产品等多个类别。",
        ],
    ),
    (
        "国家知识产权局发布2023年专利统计数据",
        "2024-01-16",
        [
            "国家知识产权局16日在京召开新闻发布会，发布2023年知识产权主要统计数据。",
            "数据显示，2023年我国授权发明专利92.1万件，同比增长15.3%。截至2023年底，我国国内拥有有效发明专利的企业达42.7万家。",
            "国家知识产权局新闻发言人表示，下一步将持续提升专利审查质量和效率，强化知识产权全链条保护。",
            "发布会上还介绍了商标注册、地理标志保护和集成电路布图设计登记等方面的情况。",
        ],
    ),
    (
        "上海市市场监管局开展春季打假专项行动",
        "2023-04-03",
        [
            "为保障消费者合法权益，上海市市场监督管理局自4月起在全市范围内开展为期三个月的春季打假专项行动。",
            "此次行动重点检查农贸市场、商场超市和网络销售平台，严厉打击销售假冒伪劣食品、化妆品和儿童用品的违法行为。",
            "市场监管部门提醒广大消费者，购买商品时应索取正规发票，发现问题可拨打12315热线投诉举报。",
        ],
    ),
    (
        "深圳海关推出知识产权保护便利措施",
        "2022-11-08",
        [
            "深圳海关日前推出十项知识产权保护便利措施，涵盖备案审核、担保办理和侵权货物处置等环节。",
            "根据新措施，权利人通过互联网提交知识产权海关保护备案申请后，审核时间由原来的三十个工作日缩短至十五个工作日。",
            "对于中小企业权利人，海关将提供一对一的政策辅导，帮助企业识别侵权风险。",
            "深圳海关表示，将以更加务实的举措服务外贸企业创新发展。",
        ],
    ),
    (
        "最高人民法院发布知识产权司法保护典型案例",
        "2023-04-20",
        [
            "4月20日，最高人民法院发布2022年中国法院十大知识产权案件和五十件典型知识产权案例。",
            "这些案例涉及专利、商标、著作权、不正当竞争和植物新品种等多个领域，体现了人民法院加大知识产权司法保护力度的鲜明态度。",
            "最高人民法院知识产权审判庭负责人介绍，2022年全国法院共新收各类知识产权案件52.6万件。",
        ],
    ),
    (
        "广州举办跨境电商知识产权保护研讨会",
        "2023-09-07",
        [
            "9月7日，跨境电商知识产权保护研讨会在广州举行，来自海关、法院、电商平台和行业协会的一百余名代表参加会议。",
            "与会专家认为，跨境电商订单小、批次多、周转快，给侵权货物的发现和认定带来新的挑战。",
            "广州海关代表介绍了利用大数据分析识别高风险包裹的做法，该做法上半年帮助查获侵权包裹四千余件。",
            "会议还发布了跨境电商平台知识产权保护合规指引。",
        ],
    ),
    (
        "商务部回应出口管制相关问题",
        "2023-07-06",
        [
            "商务部新闻发言人6日在例行新闻发布会上回答记者提问时表示，中方依法对相关物项实施出口管制，是国际通行做法。",
            "发言人指出，出口管制措施不针对任何特定国家和地区，符合出口管制条例的规定。",
            "发言人表示，中方愿与各方加强对话沟通，共同维护全球产业链供应链稳定。",
        ],
    ),
    (
        "天津海关开展龙腾行动",
        "2022-05-18",
        [
            "今年以来，天津海关以龙腾行动为抓手，聚焦重点商品和重点渠道，持续加强知识产权海关保护。",
            "截至4月底，天津海关共采取知识产权保护措施一百二十批次，扣留涉嫌侵权货物三万余件。",
            "天津海关还走访辖区重点企业二十余家，宣讲知识产权海关保护政策，帮助企业提升自我保护能力。",
        ],
    ),
    (
        "国家版权局启动剑网2023专项行动",
        "2023-09-13",
        [
            "国家版权局、工业和信息化部、公安部、国家互联网信息办公室四部门近日联合启动打击网络侵权盗版剑网2023专项行动。",
            "专项行动将持续至今年11月，重点整治体育赛事、点播影院、文化和旅游等领域的网络侵权盗版行为。",
            "四部门要求，各地要压实网络平台主体责任，依法查办一批侵权盗版大案要案。",
            "据介绍，剑网行动开展以来，累计查办网络侵权盗版案件一万余件。",
        ],
    ),
    (
        "青岛海关查获侵权汽车配件",
        "2024-03-05",
        [
            "青岛海关所属黄岛海关近日在对一批出口货物查验时，发现标有知名汽车品牌商标的刹车片、滤清器等汽车配件共计八千余件。",
            "经权利人确认，该批货物涉嫌侵犯商标专用权，海关已依法予以扣留。",
        ],
    ),
]
"""(title, date, paragraphs): news in the library's field, written for this set."""

NAV = "首页 新闻 国内 国际 财经 科技 体育 娱乐 汽车 房产 教育 健康 视频 图片"
RELATED = [
    "多地海关加强寄递渠道监管",
    "国务院常务会议部署稳外贸措施",
    "今年前两个月我国外贸进出口同比增长",
    "专家解读新修订的商标法实施条例",
    "一季度全国网上零售额保持增长",
]
DISCLAIMER = "免责声明：本文来源于网络，仅代表作者观点，不代表本站立场。如有侵权，请联系我们删除。"
COPYRIGHT = "版权所有 未经许可不得转载 京ICP证000000号 违法和不良信息举报电话：010-00000000"


def _lis(items: list[str]) -> str:
    return "".join(f'<li><a href="/n/{i}.html">{t}</a></li>' for i, t in enumerate(items))


def _ps(paras: list[str], attrs: str = "") -> str:
    return "".join(f"<p{attrs}>{p}</p>" for p in paras)


def _head(title: str, site: str, date: str = "") -> str:
    meta = f'<meta name="publishdate" content="{date}">' if date else ""
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{title}_{site}</title>"
        f'<meta name="keywords" content="海关,知识产权,{site}">{meta}'
        f'<script>var _hmt=_hmt||[];window.pageConfig={{"channel":"news"}};</script>'
        f"<style>.main{{width:1200px}}</style></head>"
    )


def sina(t: str, d: str, ps: list[str]) -> str:
    y, m, dd = d.split("-")
    return (
        _head(t, "新浪新闻")
        + f'<body><div class="top-nav"><ul>{_lis(NAV.split())}</ul></div>'
        + '<div class="main-content w1240"><h1 class="main-title">'
        + t
        + "</h1>"
        + f'<div class="top-bar"><div class="date-source"><span class="date">{y}年{m}月{dd}日 15:21</span>'
        + '<a class="source" href="#">新华网</a></div><div class="share"><a>微博</a><a>微信</a><a>收藏</a></div></div>'
        + '<div class="article" id="article">'
        + _ps(ps)
        + '<p class="article-editor">责任编辑：张晓明 SN225</p></div>'
        + '<div class="article-bottom"><div class="keywords">关键词：<a>海关</a><a>知识产权</a></div></div>'
        + '<div class="related-news"><h2>相关新闻</h2><ul>'
        + _lis(RELATED)
        + "</ul></div>"
        + '<div id="bottom_sina_comment"><div class="sina-comment-form"><textarea>发表评论</textarea>'
        + "<p>网友评论：这个消息很及时，支持严厉打击侵权假冒。</p><p>已有1234人参与</p></div></div>"
        + f'<div class="footer"><p>{COPYRIGHT}</p></div></div></body></html>'
    )


def netease(t: str, d: str, ps: list[str]) -> str:
    return (
        _head(t, "网易")
        + f'<body><div class="ne_wrap_header"><div class="N-nav-channel">{NAV}</div></div>'
        + '<div class="post_main"><h1 class="post_title">'
        + t
        + "</h1>"
        + f'<div class="post_info">{d} 15:21:08　来源: <a>新华社</a> <a class="post_jubao">举报</a></div>'
        + '<div class="post_body">'
        + _ps(ps)
        + '<div class="post_statement"><p>'
        + DISCLAIMER
        + "</p></div>"
        + '<div class="post_author">本文来源：新华社 作者：记者 李华 责任编辑：王涛_NE0011</div></div>'
        + '<div class="post_recommends"><h3>热点推荐</h3><ul>'
        + _lis(RELATED)
        + "</ul></div>"
        + '<div class="tie-area"><div class="tie-titlebar">跟贴 <span>256</span> 参与 <span>3089</span></div>'
        + "<p>网易热心网友：希望相关部门继续加大执法力度。</p></div></div>"
        + f'<div class="N-nav-bottom">{COPYRIGHT}</div></body></html>'
    )


def people(t: str, d: str, ps: list[str]) -> str:
    y, m, dd = d.split("-")
    return (
        _head(t, "人民网")
        + '<body><div class="header"><div class="nav"><a>人民网首页</a><a>时政</a><a>国际</a><a>财经</a></div></div>'
        + '<div class="route"><a>人民网</a>&gt;&gt;<a>经济·科技</a></div>'
        + '<div class="layout rm_txt cf"><div class="col col-1 fl"><h1>'
        + t
        + "</h1>"
        + f'<div class="col-1-1 fl">{y}年{m}月{dd}日08:12 | 来源：<a>人民网－人民日报</a></div>'
        + '<div class="rm_txt_con cf">'
        + _ps(ps, ' style="text-indent: 2em;"')
        + '<div class="edit cf">(责编：赵欣、刘洋)</div></div>'
        + '<div class="box_news"><h2>相关新闻</h2><ul>'
        + _lis(RELATED)
        + "</ul></div>"
        + '<div class="box_pic"><h2>图片推荐</h2><p>春日花开迎客来</p></div></div>'
        + '<div class="col col-2 fr"><div class="ph_list"><h3>热点排行</h3><ul>'
        + _lis(RELATED[::-1])
        + "</ul></div></div></div>"
        + f'<div class="footer"><p>人民日报社概况 关于人民网 报社招聘 {COPYRIGHT}</p></div></body></html>'
    )


def xinhua(t: str, d: str, ps: list[str]) -> str:
    y, m, dd = d.split("-")
    return (
        _head(t, "新华网")
        + '<body><div class="topBar"><a>新华网</a><a>客户端</a><a>English</a></div>'
        + '<div class="header domPC"><div class="header-top clearfix">'
        + f'<div class="header-time left"><span class="year"><em> {y}</em></span>'
        + f'<span class="day"><em> {m}</em>/<em>{dd}</em></span><span class="time"> 15:21:08</span></div>'
        + '<div class="source">来源：新华网</div></div>'
        + '<div class="head-line clearfix"><h1><span class="title">'
        + t
        + "</span></h1></div></div>"
        + '<div class="main clearfix"><div class="main-left left"><div id="detail">'
        + _ps(ps)
        + "</div>"
        + '<div id="articleEdit"><span class="tiyi1"><a>【纠错】</a></span><span class="editor">【责任编辑:王五】</span></div>'
        + '<div class="nextpage"><a>上一篇</a><a>下一篇</a></div>'
        + '<div class="bookList"><h3>相关阅读</h3><ul>'
        + _lis(RELATED)
        + "</ul></div></div></div>"
        + f'<div class="foot"><p>{COPYRIGHT}</p></div></body></html>'
    )


def govcn(t: str, d: str, ps: list[str]) -> str:
    return (
        _head(t, "中国政府网", d)
        + '<body><div class="header"><div class="nav"><a>首页</a><a>国务院</a><a>总理</a><a>新闻</a><a>政策</a><a>互动</a><a>服务</a><a>数据</a></div></div>'
        + '<div class="BreadcrumbNav"><a>首页</a> &gt; <a>新闻</a> &gt; <a>部门新闻</a></div>'
        + '<div class="article oneColumn pub_border"><h1>'
        + t
        + "</h1>"
        + f'<div class="pages-date">{d} 15:00 <span class="font">来源： 海关总署网站</span>'
        + '<span class="font index_switchsize">【字体：<span>大</span><span>中</span><span>小</span>】</span></div>'
        + '<div class="pages_content" id="UCAP-CONTENT">'
        + _ps(ps)
        + "</div>"
        + '<div class="editor">【我要纠错】 责任编辑：刘丽</div>'
        + '<div class="share"><span>分享到：</span><a>微博</a><a>微信</a></div></div>'
        + '<div class="footer"><p>主办单位：国务院办公厅 运行维护单位：中国政府网运行中心</p>'
        + "<p>版权所有：中国政府网 中文域名：中国政府网.政务</p></div></body></html>"
    )


def customs(t: str, d: str, ps: list[str]) -> str:
    """An older government CMS (easysite): tables, body text split by <br>."""
    body = "<br>".join("&nbsp;&nbsp;&nbsp;&nbsp;" + p for p in ps)
    return (
        _head(t, "海关总署")
        + '<body><table width="100%"><tr><td class="top_nav"><a>首页</a> | <a>机构设置</a> | <a>新闻发布</a> | <a>信息公开</a> | <a>在线服务</a> | <a>互动交流</a></td></tr></table>'
        + '<table class="conTable" width="1000"><tr><td class="position">当前位置：<a>首页</a> &gt; <a>新闻发布</a> &gt; <a>海关动态</a></td></tr>'
        + '<tr><td class="easysite-news-title"><h2>'
        + t
        + "</h2></td></tr>"
        + f'<tr><td class="easysite-news-describe">信息来源：海关总署 发布时间：{d} 浏览次数：1520 【打印】【关闭】</td></tr>'
        + '<tr><td><div class="easysite-news-text" id="easysiteText">'
        + body
        + "</div></td></tr></table>"
        + '<table class="footer"><tr><td>主办单位：中华人民共和国海关总署 地址：北京市东城区建国门内大街6号 邮编：100730</td></tr>'
        + "<tr><td>网站标识码bm28000010 京ICP备05066252号 京公网安备11010102000000号</td></tr></table></body></html>"
    )


def thepaper(t: str, d: str, ps: list[str]) -> str:
    """A site built with CSS modules: hashed class names, nothing that says 'content'."""
    return (
        _head(t, "澎湃新闻")
        + '<body><div id="__next"><div class="index_header__A8fH1"><a>澎湃新闻</a><a>要闻</a><a>深度</a><a>视频</a></div>'
        + '<div class="index_wrapper__L_zqV"><div class="index_left__LfzyH">'
        + '<h1 class="index_title__B8mhI">'
        + t
        + "</h1>"
        + f'<div class="ant-space"><div class="ant-space-item">澎湃新闻记者 陈琳</div><div class="ant-space-item"><span>{d} 09:40</span><span>来源：澎湃新闻</span></div></div>'
        + '<div class="index_cententWrap__Jv8jK">'
        + _ps(ps)
        + "</div>"
        + '<div class="index_editor__dn8Oc">责任编辑：何小舟 图片编辑：张颖</div>'
        + '<div class="index_copyright__JZ6hA">校对：刘威</div>'
        + '<div class="index_recommend__cU_Pk"><h3>相关推荐</h3>'
        + "".join(f"<div><a>{r}</a><span>评论 12</span></div>" for r in RELATED)
        + "</div>"
        + '<div class="index_comment__Qe3Po"><h3>评论（32）</h3><div>期待后续报道。</div><div>支持！</div></div>'
        + "</div></div></div></body></html>"
    )


def qq(t: str, d: str, ps: list[str]) -> str:
    return (
        _head(t, "腾讯新闻")
        + '<body><div class="qq_navWrap"><a>腾讯网</a><a>新闻</a><a>视频</a><a>财经</a></div>'
        + '<div class="LEFT"><h1>'
        + t
        + "</h1>"
        + f'<div class="media-info"><a class="author">中国新闻网</a><span class="time">{d} 10:05</span><span>发布于北京</span></div>'
        + '<div class="content clearfix"><div class="content-article">'
        + _ps(ps, ' class="one-p"')
        + "</div></div>"
        + '<div id="LeftTool"><a>分享</a><a>收藏</a><a>举报</a></div>'
        + '<div class="qq_relateWrap"><h3>热点推荐</h3><ul>'
        + _lis(RELATED)
        + "</ul></div>"
        + f'</div><div class="qq_footer">{COPYRIGHT}</div></body></html>'
    )


def ifeng(t: str, d: str, ps: list[str]) -> str:
    y, m, dd = d.split("-")
    return (
        _head(t, "凤凰网")
        + '<body><div class="index_navigation_3Vn0vT"><a>凤凰网首页</a><a>资讯</a><a>财经</a><a>娱乐</a></div>'
        + '<div class="index_artical_3eRnMl"><h1 class="index_topic_3Z9RZn">'
        + t
        + "</h1>"
        + f'<div class="index_timeBref_20hzr"><span>{y}年{m}月{dd}日 14:02</span><span>来自北京</span><span>来源：中国新闻网</span></div>'
        + '<div class="index_main_content_j-HoG5PO"><div class="index_text_D0U1y0">'
        + _ps(ps)
        + "</div></div>"
        + '<div class="index_share_1yHFo"><span>分享到：</span></div>'
        + '<div class="index_list_1bs6Cd"><h3>相关阅读</h3>'
        + _lis(RELATED)
        + "</div>"
        + '<div id="comment"><h3>网友评论</h3><p>说得好，必须严厉打击。</p><p>发表评论</p></div>'
        + '</div><div class="index_footer_1MYW_">凤凰新媒体 版权所有 Copyright © 2023 Phoenix New Media Limited All Rights Reserved.</div></body></html>'
    )


def huanqiu(t: str, d: str, ps: list[str]) -> str:
    return (
        _head(t, "环球网")
        + '<body><div class="nav-con"><a>环球网</a><a>国际</a><a>军事</a><a>台海</a><a>评论</a></div>'
        + '<div class="l-con clear"><div class="t-container"><div class="t-container-title"><h3>'
        + t
        + "</h3></div>"
        + f'<div class="metadata-info"><p class="time">{d} 08:36</p><p class="source">来源：<span>环球网</span></p><p class="author">【环球网报道 记者 王磊】</p></div></div>'
        + '<div class="l-con-box"><article><section data-type="rtext">'
        + _ps(ps)
        + "</section></article></div>"
        + '<div class="editorSign"><span>责编：张婷</span></div>'
        + '<div class="hotNews"><h4>热门推荐</h4><ul>'
        + _lis(RELATED)
        + "</ul></div></div>"
        + f'<div class="footer">{COPYRIGHT}</div></body></html>'
    )


def guancha(t: str, d: str, ps: list[str]) -> str:
    return (
        _head(t, "观察者网")
        + '<body><div class="header"><ul class="nav"><li>首页</li><li>国际</li><li>中国</li><li>财经</li><li>科技</li></ul></div>'
        + '<div class="content"><div class="main fl"><h3>'
        + t
        + "</h3>"
        + f'<div class="time fix"><span>{d} 10:31:02</span><span>来源：观察者网</span><span>作者：刘程辉</span></div>'
        + '<div class="content all-txt">'
        + _ps(ps)
        + "<p>本文系观察者网独家稿件，未经授权，不得转载。</p></div>"
        + '<div class="editer">责任编辑：吴立群</div>'
        + '<div class="key-word fix"><span>标签</span><a>海关</a><a>知识产权</a></div>'
        + '<div class="module-news"><h4>相关新闻</h4><ul>'
        + _lis(RELATED)
        + "</ul></div>"
        + '<div class="comment-list"><h4>全部评论</h4><p>好消息！</p></div></div></div>'
        + f'<div class="footer">{COPYRIGHT}</div></body></html>'
    )


def trs_gov(t: str, d: str, ps: list[str]) -> str:
    """A provincial government site on the TRS CMS: body paragraphs in bare <div>s."""
    body = "".join(f'<div style="text-indent:2em;line-height:2">{p}</div>' for p in ps)
    return (
        _head(t, "某省人民政府", d)
        + '<body><div class="top"><a>无障碍</a><a>长者模式</a><a>English</a></div>'
        + '<div class="menu"><a>首页</a><a>政务公开</a><a>政务服务</a><a>互动交流</a><a>走进本省</a></div>'
        + '<div class="location">您现在的位置：<a>首页</a> &gt; <a>政务公开</a> &gt; <a>部门动态</a></div>'
        + '<div class="xl_con"><div class="xl_tit">'
        + t
        + "</div>"
        + f'<div class="xl_info"><span>发布时间：{d}</span><span>来源：省商务厅</span><span>字号：大 中 小</span></div>'
        + '<div class="xl_txt"><div class="TRS_Editor">'
        + body
        + "</div></div>"
        + '<div class="xl_btn"><a>【打印本页】</a><a>【关闭窗口】</a></div></div>'
        + '<div class="foot"><p>主办：某省人民政府办公厅 承办：某省大数据中心</p><p>网站标识码0000000000 政府网站找错</p></div></body></html>'
    )


def wechat(t: str, d: str, ps: list[str]) -> str:
    """A WeChat official-account article saved from a browser: sections and spans."""
    body = "".join(
        f'<section style="margin-bottom:16px"><span style="font-size:15px;letter-spacing:1px">{p}</span></section>'
        for p in ps
    )
    return (
        _head(t, "微信公众平台")
        + '<body><div class="rich_media"><div class="rich_media_inner"><h1 class="rich_media_title" id="activity-name">'
        + t
        + "</h1>"
        + f'<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_nickname"><a>知识产权观察</a></span><em id="publish_time">{d} 18:30</em></div>'
        + '<div class="rich_media_content" id="js_content">'
        + body
        + '<section><span style="color:#888">点击上方蓝字关注我们</span></section>'
        + '<section><span style="color:#888">来源：综合整理 编辑：小周 审核：老李</span></section></div>'
        + '<div class="rich_media_tool"><a>阅读原文</a><span>阅读 3208</span><span>在看 21</span></div>'
        + '</div></div><div id="js_pc_qr_code"><p>微信扫一扫关注该公众号</p></div></body></html>'
    )


def association(t: str, d: str, ps: list[str]) -> str:
    """An industry association's news page (a small site's CMS): body text with <br>."""
    body = "<br/><br/>".join(ps)
    return (
        _head(t, "品保委")
        + '<body><div id="header"><div class="logo">中国外商投资企业协会优质品牌保护委员会</div>'
        + '<ul id="menu"><li>首页</li><li>关于我们</li><li>媒体中心</li><li>工作组</li><li>会员服务</li><li>联系我们</li></ul></div>'
        + '<div class="crumbs">您现在的位置：首页 &gt; 媒体中心 &gt; 品保委新闻</div>'
        + '<div class="newsdetail"><div class="newstitle">'
        + t
        + "</div>"
        + f'<div class="newsdate">发布时间：{d}  点击：356</div>'
        + '<div class="newscon">'
        + body
        + "</div>"
        + '<div class="prenext"><p>上一篇：品保委召开年度会员大会</p><p>下一篇：品保委发布年度工作报告</p></div></div>'
        + '<div id="footer">Copyright © 品保委 版权所有 地址：北京市朝阳区 电话：010-00000000</div></body></html>'
    )


SHAPES = {
    "sina": (
        sina,
        "news.sina.com.cn article page: div.article#article, related-news, sina comment box",
    ),
    "163": (
        netease,
        "www.163.com/dy article: div.post_body, post_statement disclaimer, tie-area comments",
    ),
    "people": (people, "people.com.cn n1 article: div.rm_txt_con, (责编：) line, box_news lists"),
    "xinhua": (xinhua, "xinhuanet.com article: div#detail, split header-time date, 【责任编辑】"),
    "govcn": (govcn, "www.gov.cn article: div#UCAP-CONTENT.pages_content, pages-date, 我要纠错"),
    "customs": (
        customs,
        "customs.gov.cn (easysite CMS): tables, #easysiteText with <br> paragraphs",
    ),
    "thepaper": (thepaper, "thepaper.cn newsDetail (Next.js): hashed CSS-module classes"),
    "qq": (qq, "news.qq.com rain article: div.content-article p.one-p, 热点推荐"),
    "ifeng": (ifeng, "news.ifeng.com article: hashed index_* classes, #comment"),
    "huanqiu": (huanqiu, "huanqiu.com article: article > section[data-type=rtext]"),
    "guancha": (guancha, "guancha.cn article: div.content.all-txt, 本文系…独家稿件"),
    "trs": (trs_gov, "provincial gov sites on TRS CMS: div.TRS_Editor with bare <div> paragraphs"),
    "wechat": (wechat, "mp.weixin.qq.com article saved from a browser: #js_content sections/spans"),
    "association": (
        association,
        "a small association CMS (QBPC-like): div.newscon, <br/> paragraphs",
    ),
}
"""key → (page function, which sites' article pages it follows)."""


def saved_pages(folder: Path) -> dict[str, tuple[Path, str]]:
    """Write the set into ``folder``: 22 pages, each shape with one or two articles.

    Returns {key: (path, the true body: its paragraphs, one a line)}.
    """
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, tuple[Path, str]] = {}
    keys = list(SHAPES)
    for i, key in enumerate(keys + keys[:8]):
        make = SHAPES[key][0]
        title, date, paras = ARTICLES[i % len(ARTICLES)]
        name = f"{key}-{i:02d}"
        path = folder / f"{name}.html"
        path.write_text(make(title, date, paras), encoding="utf-8")
        out[name] = (path, "\n".join(paras))
    return out
