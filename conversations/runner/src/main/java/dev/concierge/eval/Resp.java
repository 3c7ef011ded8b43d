package dev.concierge.eval;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny RESP2 client (Redis serialization protocol) over a plain socket, enough to time
 * {@code HGETALL} against the service's Redis without a driver dependency.
 *
 * <p>Replies decode to: {@code String} (simple string), {@code Long} (integer), {@code byte[]}
 * (bulk string), {@code null} (null bulk / null array), {@code List<Object>} (array); an error reply
 * raises {@link RedisError}.
 */
public final class Resp implements Closeable {

    /** An error reply ("-ERR ..."). */
    public static final class RedisError extends IOException {
        public RedisError(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Resp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    /** Connects to host:port (e.g. "127.0.0.1:6379"). */
    public static Resp connect(String hostPort, int timeoutMillis) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 6379 : Integer.parseInt(hostPort.substring(colon + 1));
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(timeoutMillis);
        s.connect(new InetSocketAddress(host, port), timeoutMillis);
        return new Resp(s);
    }

    /** Sends one command and reads its reply. */
    public Object call(String... args) throws IOException {
        out.write(encode(args));
        out.flush();
        return decode(in);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A command as a RESP array of bulk strings: {@code *N\r\n$len\r\narg\r\n...}. */
    public static byte[] encode(String... args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeAscii(b, "*" + args.length + "\r\n");
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            writeAscii(b, "$" + bytes.length + "\r\n");
            b.writeBytes(bytes);
            writeAscii(b, "\r\n");
        }
        return b.toByteArray();
    }

    private static void writeAscii(ByteArrayOutputStream b, String s) {
        b.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads one reply. */
    public static Object decode(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by Redis");
        }
        String line = readLine(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RedisError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(len);
                if (data.length < len) {
                    throw new EOFException("truncated bulk string");
                }
                expectCrlf(in);
                return data;
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(decode(in));
                }
                return items;
            }
            default:
                throw new IOException("not a RESP2 reply, type byte " + type);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(32);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed inside a reply line");
            }
            if (c == '\r') {
                int lf = in.read();
                if (lf != '\n') {
                    throw new IOException("expected LF after CR");
                }
                return b.toString(StandardCharsets.UTF_8);
            }
            b.write(c);
        }
    }

    private static void expectCrlf(InputStream in) throws IOException {
        if (in.read() != '\r' || in.read() != '\n') {
            throw new IOException("expected CRLF after bulk string");
        }
    }

    /** Text of a bulk / simple string reply (null stays null). */
    public static String text(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return reply == null ? null : reply.toString();
    }
}
