package dev.concierge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code ENV} defaults of the JVM image (src/main/docker/Dockerfile.jvm), which the Deployment's env overrides. */
record Dockerfile(Map<String, String> env) {

    static final Path JVM = Manifests.PROJECT.resolve("src/main/docker/Dockerfile.jvm");
    private static final Pattern PAIR = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|(\\S+))");

    static Dockerfile read() {
        try {
            return parse(Files.readString(JVM));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + JVM, e);
        }
    }

    /** {@code ENV NAME=value ...} lines (quoted or bare values); a later line wins, as in a build. */
    static Dockerfile parse(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("ENV ")) {
                Matcher m = PAIR.matcher(line.substring(4));
                while (m.find()) {
                    env.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
                }
            }
        }
        return new Dockerfile(env);
    }
}
