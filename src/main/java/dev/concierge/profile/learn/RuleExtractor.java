package dev.concierge.profile.learn;

import dev.concierge.profile.Lexicon;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Deterministic (no LLM) extraction of first-person preferences, constraints and standing instructions
 * from one user message. Requests, questions, code and unrelated content give nothing.
 * Thread-safe and stateless.
 */
public final class RuleExtractor {

    /** Messages longer than this are treated as pasted content: only very explicit statements are kept. */
    static final int LONG_MESSAGE = 1200;
    /** Indifference ("I don't mind", "anything is fine") answers a question; it is not a preference to keep. */
    private static final Pattern INDIFFERENT = Pattern.compile(
            "(?i)^\\W*(?:i\\s+(?:really\\s+)?(?:do\\s*n[o']?t|do\\s+not)\\s+(?:mind|care)|(?:it\\s+)?does\\s*n[o']?t\\s+matter"
                    + "|no\\s+preference|anything(?:\\s+is)?\\s+(?:fine|ok|okay|good)|either(?:\\s+is)?\\s+fine|whatever)\\b[\\s\\W]*$");
    private static final Pattern FENCE = Pattern.compile("```.*?(```|$)", Pattern.DOTALL);
    private static final Pattern CODE_LINE = Pattern.compile(
            "[{}]|;\\s*$|^\\s*(?:def|class|import|from|return|if|for|while|public|private|var|let|const|#include|"
                    + "SELECT|<\\w+|//|#)\\b|=>|==|:=|\\w\\(.*\\)\\s*$|^\\s{4,}\\S|^\\s*[|+]-|\\t");

    public List<Statement> extract(String userMessage) {
        List<Statement> out = new ArrayList<>();
        if (userMessage == null || userMessage.isBlank()) return out;
        String msg = FENCE.matcher(userMessage).replaceAll("\n");
        boolean longMsg = msg.length() > LONG_MESSAGE;
        int codeLines = 0, lines = 0;
        List<String> paragraphs = new ArrayList<>();
        StringBuilder para = new StringBuilder();
        for (String line : msg.split("\\r?\\n")) {
            lines++;
            if (line.isBlank()) {
                flush(para, paragraphs);
                continue;
            }
            if (CODE_LINE.matcher(line).find() || symbolRatio(line) > 0.2) {
                codeLines++;
                flush(para, paragraphs);
                continue;
            }
            String tl = line.trim();
            if (tl.matches("^(?:[-*\u2022]|\\d{1,2}[.)])\\s+.*")) { // bullet: its own paragraph
                flush(para, paragraphs);
                paragraphs.add(tl);
                continue;
            }
            if (para.length() > 0) para.append(' ');
            para.append(tl);
        }
        flush(para, paragraphs);
        boolean codeHeavy = lines > 3 && codeLines * 3 > lines;
        for (String p : paragraphs) {
            for (String sentence : sentences(p)) {
                if (INDIFFERENT.matcher(sentence).find()) continue;
                PreferenceParser.Parsed parsed = PreferenceParser.parseChatSentence(sentence);
                if (!parsed.isStatement()) continue;
                double conf = parsed.confidence();
                if (longMsg || codeHeavy) conf -= 0.3;
                if (conf < 0.5) continue;
                String text = PreferenceParser.clean(sentence);
                String domain = Lexicon.topDomain(Lexicon.domainProfile(text));
                out.add(new Statement(text, domain, parsed.polarity(), parsed.condition(), round(conf), parsed.subject()));
            }
        }
        return out;
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static void flush(StringBuilder para, List<String> paragraphs) {
        if (para.length() > 0) {
            paragraphs.add(para.toString());
            para.setLength(0);
        }
    }

    private static double symbolRatio(String line) {
        int sym = 0, n = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) continue;
            n++;
            if (!Character.isLetterOrDigit(c) && ",.'\"!?-:;()\u2019".indexOf(c) < 0) sym++;
        }
        return n == 0 ? 0 : (double) sym / n;
    }

    private static final Pattern ABBREV = Pattern.compile("(?i)(?:\\b(?:e\\.g|i\\.e|etc|vs|mr|mrs|ms|dr|st|no|approx|incl)|\\b[A-Z])$");

    /** Splits a paragraph into sentences at . ! ? followed by a space and an upper-case letter or quote. */
    static List<String> sentences(String p) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '.' || c == '!' || c == '?') {
                int j = i + 1;
                while (j < p.length() && "\"')\u201d".indexOf(p.charAt(j)) >= 0) j++;
                if (j >= p.length()) break;
                if (!Character.isWhitespace(p.charAt(j))) continue;
                int k = j;
                while (k < p.length() && Character.isWhitespace(p.charAt(k))) k++;
                if (k >= p.length()) break;
                char nx = p.charAt(k);
                if (!(Character.isUpperCase(nx) || nx == '"' || nx == '\'' || nx == '\u201c' || Character.isDigit(nx))) continue;
                if (c == '.' && ABBREV.matcher(p.substring(Math.max(0, i - 6), i)).find()) continue;
                out.add(p.substring(start, j).trim());
                start = k;
                i = k - 1;
            }
        }
        if (start < p.length()) out.add(p.substring(start).trim());
        out.removeIf(String::isBlank);
        return out;
    }
}
