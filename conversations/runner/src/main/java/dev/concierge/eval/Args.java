package dev.concierge.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** "[options] COMMAND [options]" with "--name value" or "--name=value"; options may come on either side. */
public final class Args {
    private final String command;
    private final Map<String, String> options;

    private Args(String command, Map<String, String> options) {
        this.command = command;
        this.options = options;
    }

    public static Args parse(String[] argv, Set<String> flags) {
        String command = null;
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (flags.contains(name)) {
                    value = "true";
                } else if (i + 1 < argv.length) {
                    value = argv[++i];
                } else {
                    throw new EvalException("option --" + name + " needs a value", EvalException.USAGE);
                }
                opts.put(name, value);
            } else if (a.equals("-h")) {
                opts.put("help", "true");
            } else if (command == null) {
                command = a;
            } else {
                throw new EvalException("unexpected argument: " + a, EvalException.USAGE);
            }
        }
        return new Args(command, opts);
    }

    public String command() {
        return command;
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    /** Fails when an option is not among those the command knows. */
    public void allowOnly(List<String> allowed) {
        for (String k : options.keySet()) {
            if (!allowed.contains(k)) {
                throw new EvalException("unknown option for " + command + ": --" + k, EvalException.USAGE);
            }
        }
    }

    public String get(String name, String def) {
        return options.getOrDefault(name, def);
    }

    public int getInt(String name, int def) {
        String v = options.get(name);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new EvalException("--" + name + " must be an integer, got: " + v, EvalException.USAGE);
        }
    }

    public List<Integer> getInts(String name, String def) {
        String v = options.getOrDefault(name, def);
        try {
            return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw new EvalException("--" + name + " must be comma-separated integers, got: " + v, EvalException.USAGE);
        }
    }
}
