package dev.concierge.eval;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RespTest {

    private static Object decode(String wire) throws Exception {
        return Resp.decode(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void encodesACommandAsAnArrayOfBulkStrings() {
        assertEquals("*2\r\n$7\r\nHGETALL\r\n$16\r\ncc:{alice}:instr\r\n",
            new String(Resp.encode("HGETALL", "cc:{alice}:instr"), StandardCharsets.UTF_8));
    }

    @Test
    void bulkLengthCountsUtf8BytesNotChars() {
        assertArrayEquals("*1\r\n$2\r\né\r\n".getBytes(StandardCharsets.UTF_8), Resp.encode("é"));
        assertArrayEquals("*1\r\n$0\r\n\r\n".getBytes(StandardCharsets.UTF_8), Resp.encode(""));
    }

    @Test
    void decodesEveryRespTwoReplyType() throws Exception {
        assertEquals("OK", decode("+OK\r\n"));
        assertEquals(42L, decode(":42\r\n"));
        assertEquals(-3L, decode(":-3\r\n"));
        assertEquals("héllo", Resp.text(decode("$6\r\nhéllo\r\n")));
        assertEquals("", Resp.text(decode("$0\r\n\r\n")));
        assertNull(decode("$-1\r\n"));
        assertNull(decode("*-1\r\n"));
        assertEquals(List.of(), decode("*0\r\n"));
    }

    @Test
    void decodesNestedArraysAndBinarySafeBulk() throws Exception {
        Object r = decode("*3\r\n$1\r\na\r\n*2\r\n:1\r\n$-1\r\n$4\r\nx\r\ny\r\n");
        List<?> l = (List<?>) r;
        assertEquals("a", Resp.text(l.get(0)));
        assertEquals(1L, ((List<?>) l.get(1)).get(0));
        assertNull(((List<?>) l.get(1)).get(1));
        assertEquals("x\r\ny", Resp.text(l.get(2)));
    }

    @Test
    void errorReplyRaisesWithItsMessage() {
        Resp.RedisError e = assertThrows(Resp.RedisError.class, () -> decode("-WRONGTYPE Operation against a key\r\n"));
        assertEquals("WRONGTYPE Operation against a key", e.getMessage());
    }

    @Test
    void truncatedOrUnknownInputFails() {
        assertThrows(EOFException.class, () -> decode(""));
        assertThrows(EOFException.class, () -> decode("$5\r\nab"));
        assertThrows(EOFException.class, () -> decode("*2\r\n:1\r\n"));
        assertThrows(java.io.IOException.class, () -> decode("?x\r\n"));
    }

    @Test
    void clientTalksToAFakeRedisOverASocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread fake = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] expected = Resp.encode("HGETALL", "cc:{u1}:instr");
                    byte[] got = in.readNBytes(expected.length);
                    OutputStream out = s.getOutputStream();
                    if (java.util.Arrays.equals(expected, got)) {
                        out.write("*4\r\n$2\r\ni1\r\n$3\r\n{x}\r\n$2\r\ni2\r\n$3\r\n{y}\r\n".getBytes(StandardCharsets.UTF_8));
                    } else {
                        out.write("-ERR unexpected\r\n".getBytes(StandardCharsets.UTF_8));
                    }
                    out.flush();
                } catch (Exception ignored) {
                    // the test fails on the client side
                }
            });
            fake.start();
            try (Resp c = Resp.connect("127.0.0.1:" + server.getLocalPort(), 2000)) {
                List<?> reply = (List<?>) c.call("HGETALL", Latency.instrKey("u1"));
                assertEquals(4, reply.size());
                assertEquals("i1", Resp.text(reply.get(0)));
                assertEquals("{y}", Resp.text(reply.get(3)));
            }
            fake.join(2000);
        }
    }

    @Test
    void instructionKeyFollowsTheServiceLayout() {
        assertEquals("cc:{eval-lat10-00000000ff}:instr", Latency.instrKey("eval-lat10-00000000ff"));
    }
}
