package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Expected values were produced by running shared/tools/contract_client.py on the same inputs. */
class ProtocolTest {

    private static JsonNode json(String s) throws Exception {
        return Api.JSON.readTree(s);
    }

    private static final String SHINING = "{\"genres\":[\"horror\",\"mystery\"],\"stars\":[\"Jack Nicholson\",\"Shelley Duvall\"],\"directors\":[\"Stanley Kubrick\"]}";
    private static final String WLB = "{\"genres\":[\"horror\",\"drama\",\"thriller\"],\"stars\":[\"Harrison Ford\",\"Michelle Pfeiffer\",\"Jack Nicholson\"],\"directors\":[\"Robert Zemeckis\"]}";

    @Test
    void attrAnswerMatchesThePythonReference() throws Exception {
        JsonNode s = json(SHINING), w = json(WLB), empty = json("{\"genres\":[]}");
        assertEquals("I like horror, mystery, drama.", Protocol.attrAnswer("genre", List.of(s, w)));
        assertEquals("I like horror, mystery.", Protocol.attrAnswer("Genres", List.of(s)));
        assertEquals("I like Jack Nicholson, Shelley Duvall, Harrison Ford.", Protocol.attrAnswer("star", List.of(s, w)));
        assertEquals("I like Harrison Ford, Michelle Pfeiffer, Jack Nicholson.", Protocol.attrAnswer("actor", List.of(w)));
        assertEquals("I like Jack Nicholson, Shelley Duvall.", Protocol.attrAnswer("cast", List.of(s)));
        assertEquals("I like Stanley Kubrick, Robert Zemeckis.", Protocol.attrAnswer("director", List.of(s, w)));
        assertEquals("I don't mind.", Protocol.attrAnswer("year", List.of(s)));
        assertEquals("I don't mind.", Protocol.attrAnswer(null, List.of(s)));
        assertEquals("I don't mind.", Protocol.attrAnswer("", List.of(s)));
        assertEquals("I don't mind.", Protocol.attrAnswer("genre", List.of()));
        assertEquals("I don't mind.", Protocol.attrAnswer("genre", List.of(empty)));
        // keyword precedence: genre, then star/actor/cast, then director
        assertEquals("I like Jack Nicholson, Shelley Duvall.", Protocol.attrAnswer("director_or_star", List.of(s)));
        assertEquals("I like horror, mystery.", Protocol.attrAnswer("favorite actor or genre", List.of(s)));
        assertEquals("I like Harrison Ford, Michelle Pfeiffer, Jack Nicholson.", Protocol.attrAnswer("Lead Actors", List.of(w)));
    }

    @Test
    void interTurnsMatchesThePythonReference() throws Exception {
        String longUser = "a".repeat(3899) + "\uD83D\uDE00" + "bc"; // an emoji is one Python character
        var f = JsonNodeFactory.instance;
        var convs = f.arrayNode();
        var c1 = f.objectNode();
        var conv = c1.putArray("conversation");
        conv.addObject().put("role", "system").put("content", "sys");
        conv.addObject().put("role", "user").put("content", longUser);
        conv.addObject().put("role", "assistant").put("content", "").put("text", "fallback text");
        conv.addObject().put("role", "user").put("content", "u2");
        conv.addObject().put("role", "user").put("content", "u3");
        conv.addObject().put("role", "assistant").put("content", "a3");
        conv.addObject().put("role", "assistant").put("content", "a4");
        conv.addObject().put("role", "user").put("content", "");
        conv.addObject().put("role", "user").put("content", "last");
        convs.add(c1);
        var c2 = convs.addArray(); // a bare list is a conversation too
        c2.addObject().put("role", "user").put("content", "listconv");
        c2.addObject().put("role", "assistant").put("content", "r");

        List<List<Protocol.Message>> pairs = Protocol.interTurns(convs);
        assertEquals(3, pairs.size());
        Protocol.Message u = pairs.get(0).get(0);
        assertEquals("user", u.role());
        assertEquals(3900, u.text().codePointCount(0, u.text().length()));
        assertEquals("aa\uD83D\uDE00", u.text().substring(u.text().length() - 4));
        assertEquals(new Protocol.Message("assistant", "fallback text"), pairs.get(0).get(1));
        assertEquals(List.of(new Protocol.Message("user", "u3"), new Protocol.Message("assistant", "a3")), pairs.get(1));
        assertEquals(List.of(new Protocol.Message("user", "listconv"), new Protocol.Message("assistant", "r")), pairs.get(2));
    }

    @Test
    void interTurnsOnTheRealFileEqualsPython() throws Exception {
        Path f = Path.of("../../../shared/data/prefeval/filtered_inter_turns.json");
        Assumptions.assumeTrue(Files.isRegularFile(f), "shared data not present");
        List<List<Protocol.Message>> pairs = Protocol.interTurns(Api.JSON.readTree(f.toFile()));
        assertEquals(316, pairs.size());
        String canon = pairs.stream().flatMap(List::stream).map(m -> m.role() + "\t" + m.text()).collect(Collectors.joining("\n"));
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(canon.getBytes(StandardCharsets.UTF_8));
        assertEquals("1a1b4a73961653f012fe2e208395aee92aeadb4c3dd854fac7163e61a31c5928", HexFormat.of().formatHex(sha));
    }

    @Test
    void truncationCountsCodePoints() {
        assertEquals("ab", Protocol.truncateCodePoints("abc", 2));
        assertEquals("abc", Protocol.truncateCodePoints("abc", 3));
        assertEquals("\uD83D\uDE00x", Protocol.truncateCodePoints("\uD83D\uDE00xy", 2));
    }

    @Test
    void b1TranscriptAndFortyMessageChunks() {
        List<List<Protocol.Message>> pairs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pairs.add(List.of(new Protocol.Message("user", "q" + i), new Protocol.Message("assistant", "a" + i)));
        }
        List<Protocol.Message> msgs = Protocol.b1Transcript("I am vegan", pairs, 50);
        assertEquals(102, msgs.size());
        assertEquals(new Protocol.Message("user", "I am vegan"), msgs.get(0));
        assertEquals(new Protocol.Message("assistant", "Noted."), msgs.get(1));
        assertEquals(new Protocol.Message("user", "q0"), msgs.get(2));
        List<List<Protocol.Message>> chunks = Protocol.chunks(msgs, Protocol.EXTRACT_CHUNK);
        assertEquals(List.of(40, 40, 22), chunks.stream().map(List::size).toList());
        assertEquals(new Protocol.Message("user", "q19"), chunks.get(1).get(0));
        assertEquals(2, Protocol.b1Transcript("p", pairs, 0).size());
        assertEquals(102, Protocol.b1Transcript("p", pairs, 300).size()); // fewer pairs than N: all of them
    }

    @Test
    void historyAssignsRolesByPositionBeforeDroppingEmpties() {
        assertEquals(List.of(new Protocol.Message("assistant", "Hi"), new Protocol.Message("user", "horror please"),
                new Protocol.Message("user", "ok")),
            Protocol.historyOf(List.of("", "Hi", "horror please", "", "ok")));
    }

    @Test
    void b4GoldDropsItemsMentionedInTheContext() {
        List<String> ctx = List.of("", "Hi", "I loved The Shining (1980) a lot");
        assertEquals(List.of("Alien (1979)"), Protocol.b4Gold(List.of("The Shining (1980)", "Alien (1979)"), ctx));
        assertEquals(List.of(), Protocol.b4Gold(List.of("The Shining (1980)"), ctx));
    }

    @Test
    void shuffledPrefixIsDeterministicAndLimited() {
        List<Integer> xs = IntStream.range(0, 100).boxed().toList();
        List<Integer> a = Protocol.shuffledPrefix(xs, -1);
        assertEquals(100, a.size());
        assertNotEquals(xs, a);
        assertEquals(a, Protocol.shuffledPrefix(xs, -1));
        assertEquals(a.subList(0, 20), Protocol.shuffledPrefix(xs, 20));
        assertEquals(100, Protocol.shuffledPrefix(xs, 1000).size());
        assertEquals(IntStream.range(0, 100).boxed().toList(), xs); // input untouched
    }

    @Test
    void pyStrMatchesPythonStr() throws Exception {
        assertEquals("0", Protocol.pyStr(json("0")));
        assertEquals("0", Protocol.pyStr(json("\"0\"")));
        assertEquals("None", Protocol.pyStr(null));
        assertEquals("None", Protocol.pyStr(json("null")));
        assertEquals("12", Protocol.pyStr(json("12")));
    }

    @Test
    void searchResultShapesAreReadLikeTheReferenceClient() throws Exception {
        JsonNode wrapped = json("{\"instruction\":{\"id\":\"i1\",\"source\":{\"messageId\":0}},\"score\":0.9}");
        JsonNode bare = json("{\"id\":\"i2\",\"source\":null}");
        assertEquals("i1", Benchmarks.instructionOf(wrapped).path("id").asText());
        assertEquals("0", Benchmarks.messageIdOf(Benchmarks.instructionOf(wrapped)));
        assertEquals("i2", Benchmarks.instructionOf(bare).path("id").asText());
        assertEquals("None", Benchmarks.messageIdOf(bare));
    }
}
