// Glossary hits as OmegaT 3.6's FindGlossaryThread finds them, run in console mode on the
// loaded project: the glossary folder's files read by OmegaT's own readers, the project's
// source tokenizer (GLOSSARY stemming, not-exact), and CJK substring matching.
import org.omegat.core.Core
import org.omegat.gui.glossary.*
import org.omegat.tokenizer.*
import org.omegat.util.*
if (eventType.toString() != "LOAD") return
def props = project.getProjectProperties()
def entries = []
new File(props.getGlossaryRoot()).eachFile { f ->
    if (f.name.endsWith(".tbx")) entries.addAll(GlossaryReaderTBX.read(f, false))
    else if (f.name.endsWith(".txt") || f.name.endsWith(".tab")) entries.addAll(GlossaryReaderTSV.read(f, false))
}
def tok = project.getSourceTokenizer()
def loc = props.getSourceLanguage().getLocale()
def spaced = props.getSourceLanguage().isSpaceDelimited()
int segs = 0, withHit = 0, hits = 0
project.getAllEntries().each { ste ->
    segs++
    def src = ste.getSrcText()
    def st = tok.tokenizeWords(src.toLowerCase(loc), ITokenizer.StemmingMode.GLOSSARY)
    def found = [] as LinkedHashSet
    entries.each { e ->
        def gt = tok.tokenizeWords(e.getSrcText().toLowerCase(loc), ITokenizer.StemmingMode.GLOSSARY)
        boolean hit = gt.length > 0 && DefaultTokenizer.isContainsAll(st, gt, true)
        if (!hit && !spaced && StringUtil.isCJK(e.getSrcText()) && src.contains(e.getSrcText())) hit = true
        if (hit) found << (e.getSrcText() + " = " + e.getLocText())
    }
    hits += found.size(); if (found) withHit++
    if (System.getenv("HITS_VERBOSE")) println "HIT " + src.take(24) + " | " + found.join(" | ")
}
println "GLOSSARY entries=${entries.size()} segments=${segs} segments-with-hits=${withHit} hits=${hits}"
