package dev.concierge.llm;

/**
 * Incremental extractor of the top-level {@code "text"} string of a JSON object that arrives in chunks.
 * {@link #feed} returns the newly decoded characters of that string (escapes resolved, including
 * {@code \\uXXXX} and surrogate pairs split across chunks), so only the reply's wording is streamed to the user,
 * never the JSON around it. Anything before the first '{' (a code fence, say) is ignored. Not thread-safe:
 * one instance per streamed answer.
 */
final class TextFieldExtractor {

    private static final String FIELD = "text";

    private int depth;
    private boolean inString;
    private boolean escape;
    private int unicodeDigits = -1; // -1: not in a \\u escape; else digits read so far
    private int unicodeValue;
    private boolean stringIsKey;
    private boolean capturing;
    private boolean afterColon;
    private boolean done;
    private String lastKey;
    private final StringBuilder key = new StringBuilder();
    private char pendingHigh; // a high surrogate held back until its pair arrives


    /** Feeds the next chunk; returns the decoded text-field characters it completed (maybe empty). */
    String feed(String chunk) {
        if (chunk == null || chunk.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        if (pendingHigh != 0) {
            out.append(pendingHigh);
            pendingHigh = 0;
        }
        for (int i = 0; i < chunk.length(); i++) {
            char c = chunk.charAt(i);
            if (inString) {
                inString(c, out);
            } else {
                outsideString(c);
            }
        }
        int n = out.length();
        if (n > 0 && Character.isHighSurrogate(out.charAt(n - 1))) {
            pendingHigh = out.charAt(n - 1);
            out.setLength(n - 1);
        }
        return out.toString();
    }

    /** True once the whole text value was read. */
    boolean complete() {
        return done;
    }

    private void outsideString(char c) {
        switch (c) {
            case '{', '[' -> {
                depth++;
                afterColon = false;
            }
            case '}', ']' -> {
                depth--;
                afterColon = false;
            }
            case ':' -> afterColon = true;
            case ',' -> afterColon = false;
            case '"' -> {
                if (depth < 1) {
                    return; // not inside the object yet
                }
                inString = true;
                stringIsKey = depth == 1 && !afterColon;
                capturing = !done && depth == 1 && afterColon && FIELD.equals(lastKey);
                key.setLength(0);
            }
            default -> {
                // whitespace, numbers, literals: nothing to track
            }
        }
    }

    private void inString(char c, StringBuilder out) {
        if (unicodeDigits >= 0) {
            int d = Character.digit(c, 16);
            unicodeValue = unicodeValue * 16 + Math.max(d, 0);
            if (++unicodeDigits == 4) {
                unicodeDigits = -1;
                append((char) unicodeValue, out);
            }
            return;
        }
        if (escape) {
            escape = false;
            switch (c) {
                case 'n' -> append('\n', out);
                case 't' -> append('\t', out);
                case 'r' -> append('\r', out);
                case 'b' -> append('\b', out);
                case 'f' -> append('\f', out);
                case 'u' -> {
                    unicodeDigits = 0;
                    unicodeValue = 0;
                }
                default -> append(c, out); // \" \\ \/
            }
            return;
        }
        if (c == '\\') {
            escape = true;
        } else if (c == '"') {
            inString = false;
            if (stringIsKey) {
                lastKey = key.toString();
            } else {
                if (capturing) {
                    done = true;
                }
                lastKey = null;
            }
            capturing = false;
        } else {
            append(c, out);
        }
    }

    private void append(char c, StringBuilder out) {
        if (stringIsKey) {
            key.append(c);
        } else if (capturing) {
            out.append(c);
        }
    }
}
