package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;

/** The reference client's smoke check: ready, a catalog search finds Star Wars, no token is 401. */
public final class Smoke {
    private Smoke() {
    }

    /** @return true when all three checks pass */
    public static boolean run(Api api, PrintStream out) {
        Api.Response ready = api.call("GET", "/q/health/ready", null, null);
        out.println("ready " + ready.status());
        Api.Response items = api.call("GET", "/api/v1/catalog/items?q=star%20wars&limit=5", null, null);
        String first = null;
        if (items.status() == 200) {
            JsonNode list = items.body().isArray() ? items.body() : items.body().path("items");
            if (list.isArray() && list.size() > 0) {
                JsonNode n = list.get(0).get("name");
                first = n == null || n.isNull() ? null : n.asText();
            }
        }
        out.println("star wars -> " + (first == null ? "None" : first));
        Api.Response noToken = api.call("GET", "/api/v1/me/instructions", null, null);
        out.println("no token -> " + noToken.status());
        boolean ok = ready.status() == 200 && first != null && first.contains("Star Wars") && noToken.status() == 401;
        out.println("SMOKE ok=" + (ok ? "True" : "False"));
        return ok;
    }
}
