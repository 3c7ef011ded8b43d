package dev.concierge.catalog;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small text helpers shared by the index and the parser: normalisation and tokenisation with offsets. */
public final class Text {

    private Text() {
    }

    /** A token of the original text: its normalised form, the original surface and its char offsets. */
    public record Token(String norm, String surface, int start, int end, boolean sentenceStart) {
        public boolean capitalized() {
            return !surface.isEmpty() && Character.isUpperCase(surface.charAt(0));
        }
    }

    /** Lowercase, accents removed, '&' as "and", apostrophes dropped ("don't" -> "dont"), other punctuation as space. */
    public static String norm(String s) {
        return String.join(" ", normTokens(s));
    }

    public static List<String> normTokens(String s) {
        List<String> out = new ArrayList<>();
        for (Token t : tokens(s)) {
            out.add(t.norm());
        }
        return out;
    }

    public static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        String text = s;
        int n = text.length();
        int i = 0;
        boolean brk = true;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '&') {
                out.add(new Token("and", "&", i, i + 1, false));
                i++;
                continue;
            }
            if (!Character.isLetterOrDigit(c)) {
                if (c == '.' || c == '!' || c == '?' || c == '\n') {
                    brk = true;
                }
                i++;
                continue;
            }
            int start = i;
            StringBuilder sb = new StringBuilder();
            while (i < n) {
                char d = text.charAt(i);
                if (Character.isLetterOrDigit(d)) {
                    sb.append(d);
                    i++;
                } else if ((d == '\'' || d == '\u2019') && i + 1 < n && Character.isLetter(text.charAt(i + 1))
                        && sb.length() > 0) {
                    i++; // drop apostrophe inside a word
                } else {
                    break;
                }
            }
            String surface = text.substring(start, i);
            out.add(new Token(fold(sb.toString()), surface, start, i, brk));
            brk = false;
        }
        return out;
    }

    static String fold(String s) {
        String d = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
