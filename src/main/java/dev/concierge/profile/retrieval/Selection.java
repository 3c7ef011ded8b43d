package dev.concierge.profile.retrieval;

import java.util.List;

/**
 * What a chat turn applies: {@code applied} (best first) and {@code overridden}: instructions that would
 * apply but that the request explicitly overrides this time ("this time I want a horror film" vs "no horror").
 * Overridden instructions are not changed, only not applied to this turn. {@code conditionsNotHolding}: conditional
 * instructions whose condition the request says does not hold ("the kids are at grandma's", "not a date").
 */
public record Selection(List<Scored> applied, List<Scored> overridden, List<Scored> conditionsNotHolding) {

    /** Nothing applies (no instructions to choose from). */
    public static final Selection NONE = new Selection(List.of(), List.of(), List.of());
}
