package dev.concierge.llm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The incremental extractor streams exactly the decoded "text" value, whatever the chunking. */
class TextFieldExtractorTest {

    static final String JSON = "```json\n{\"act\":\"recommend\", \"picks\":[{\"itemId\":\"m1\",\"text\":\"nested, not streamed\"}],"
            + " \"text\" : \"Line one\\nsays \\\"hi\\\" \\u00e9t\\u00e9 \\ud83c\\udfac \\\\ done\", \"reason\":\"x\"}\n```";
    static final String EXPECTED = "Line one\nsays \"hi\" été \ud83c\udfac \\ done";

    @Test
    void wholeDocumentAtOnce() {
        TextFieldExtractor x = new TextFieldExtractor();
        assertEquals(EXPECTED, x.feed(JSON));
        assertTrue(x.complete());
    }

    @Test
    void everyChunkSizeGivesTheSameText() {
        for (int size = 1; size <= 17; size++) {
            TextFieldExtractor x = new TextFieldExtractor();
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < JSON.length(); i += size) {
                String delta = x.feed(JSON.substring(i, Math.min(JSON.length(), i + size)));
                if (!delta.isEmpty()) {
                    assertFalse(Character.isHighSurrogate(delta.charAt(delta.length() - 1)),
                            "a surrogate pair is never split across tokens");
                }
                out.append(delta);
            }
            assertEquals(EXPECTED, out.toString(), "chunk size " + size);
        }
    }

    @Test
    void textBeforeOtherFieldsStreamsBeforeTheDocumentEnds() {
        TextFieldExtractor x = new TextFieldExtractor();
        assertEquals("", x.feed("{\"act\":\"answer\",\"te"));
        assertEquals("Hel", x.feed("xt\":\"Hel"));
        assertFalse(x.complete());
        assertEquals("lo", x.feed("lo\",\"picks\":[]"));
        assertTrue(x.complete());
    }

    @Test
    void onlyTheFirstTextValueAndNoKeyOrOtherValue() {
        TextFieldExtractor x = new TextFieldExtractor();
        assertEquals("a", x.feed("{\"textual\":\"no\",\"text\":\"a\",\"text\":\"b\",\"x\":{\"text\":\"c\"}}"));
    }

    @Test
    void nonStringTextGivesNothing() {
        assertEquals("", new TextFieldExtractor().feed("{\"text\":null,\"act\":\"answer\"}"));
        assertEquals("", new TextFieldExtractor().feed("Sorry, I cannot answer in JSON."));
    }
}
