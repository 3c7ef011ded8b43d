package dev.concierge.llm;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With concierge.llm.enabled=false (the default) ReplyService answers offline and never touches the LLM. */
class ReplyServiceOfflineTest {

    @Test
    void disabledLlmMeansOfflineReplies() {
        LlmConfig disabled = (LlmConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {LlmConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("enabled")) {
                        return false;
                    }
                    throw new AssertionError("not read when disabled: " + method.getName());
                });
        ReplyService service = new ReplyService(disabled, new OfflineResponder(), null, null);
        ReplyRequest req = new ReplyRequest("hi", List.of(), "answer", null, List.of(), 3, List.of(), List.of());
        List<ReplyEvent> events = service.respond(req).collect().asList().await().indefinitely();
        Reply reply = assertInstanceOf(ReplyEvent.Final.class, events.get(events.size() - 1)).reply();
        assertTrue(reply.degraded());
        assertEquals(new OfflineResponder().reply(req), reply);
    }
}
