package dev.concierge.llm;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Every LLM call's request: its messages, the answer's format and the end user's pseudonym. */
public final class ChatRequests {

    private ChatRequests() {
    }

    /**
     * {@code messages} asking for a JSON object (or text, when {@code concierge.llm.json-mode} is off), on behalf of
     * {@code userId} (sent as {@link #pseudonym}; null: nobody's, e.g. a readiness probe).
     */
    public static ChatRequest of(List<ChatMessage> messages, LlmConfig config, String userId) {
        OpenAiChatRequestParameters.Builder p = OpenAiChatRequestParameters.builder()
                .responseFormat(config.jsonMode() ? ResponseFormat.JSON : ResponseFormat.TEXT);
        if (userId != null && config.sendEndUser()) {
            p.user(pseudonym(userId));
        }
        return ChatRequest.builder().messages(messages).parameters(p.build()).build();
    }

    /** The first 32 hex digits of the SHA-256 of the user id: stable per user, not the id. */
    public static String pseudonym(String userId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }
}
