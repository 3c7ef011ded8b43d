package dev.concierge.platform;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The turn's timers ({@code concierge_turn_seconds}, {@code concierge_turn_stage_seconds}) and the LLM's publish
 * histogram buckets, so an operator (and the load tests, which diff them around a run) can read their p99 from
 * Prometheus; a mean and a max alone hide the tail, which is what a chat user notices.
 */
@Singleton
public class LatencyHistograms {

    @Produces
    @Singleton
    MeterFilter turnHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().startsWith("concierge.turn") && !id.getName().startsWith("concierge.llm")) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofSeconds(30).toNanos())
                        .build().merge(config);
            }
        };
    }
}
