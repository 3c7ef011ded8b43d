package dev.concierge.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What src/main/resources/application.properties reads: property names, ${ENV} placeholders, a few values. */
final class AppConfig {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

    final Properties props = new Properties();
    /** Property names without their %profile. prefix. */
    final Set<String> propertyNames = new TreeSet<>();
    /** Environment variables named in ${NAME:default} placeholders. */
    final Set<String> placeholders = new TreeSet<>();

    static AppConfig load() throws IOException {
        AppConfig c = new AppConfig();
        try (Reader r = Files.newBufferedReader(Manifests.PROJECT.resolve("src/main/resources/application.properties"))) {
            c.props.load(r);
        }
        for (String key : c.props.stringPropertyNames()) {
            c.propertyNames.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
            Matcher m = PLACEHOLDER.matcher(c.props.getProperty(key));
            while (m.find()) {
                c.placeholders.add(m.group(1));
            }
        }
        return c;
    }

    /** Quarkus/SmallRye's environment variable for a property: upper case, every other character '_'. */
    static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** Whether setting this environment variable changes something application.properties reads. */
    boolean reads(String env) {
        return placeholders.contains(env) || propertyNames.stream().anyMatch(p -> envName(p).equals(env));
    }

    String value(String key, String dflt) {
        String v = props.getProperty(key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    int httpPort() {
        return Integer.parseInt(value("quarkus.http.port", "8080"));
    }

    /** The health root, e.g. /q/health (non-application root + smallrye-health root). */
    String healthRoot() {
        String q = value("quarkus.http.non-application-root-path", "q").replaceAll("^/+|/+$", "");
        String h = value("quarkus.smallrye-health.root-path", "health").replaceAll("^/+|/+$", "");
        return "/" + q + "/" + h;
    }

    Duration socketDrainTimeout() {
        return duration(value("concierge.ws.drain-timeout", "0s"));
    }

    Duration shutdownTimeout() {
        return duration(value("quarkus.shutdown.timeout", "0s"));
    }

    /** Quarkus durations: ISO-8601 (PT10S) or a number with ms/s/m/h/d, or bare seconds. */
    static Duration duration(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + v);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
