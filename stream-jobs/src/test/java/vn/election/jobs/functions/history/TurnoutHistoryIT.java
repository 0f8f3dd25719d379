package vn.election.jobs.functions.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import vn.election.jobs.records.HistoryPoint;
import vn.election.jobs.records.UnitFigures;
import vn.election.jobs.records.UnitUpdate;

/** Runs the history stage as TurnoutPipeline wires it, on a MiniCluster with Kryo switched off as in the job. */
class TurnoutHistoryIT {

    @Test
    void runsAsWiredWithoutGenericTypes() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        long seven = OffsetDateTime.parse("2021-05-23T07:00:00+07:00").toInstant().toEpochMilli();
        List<UnitUpdate> input = new ArrayList<>();
        for (int m = 0; m <= 60; m++) {
            for (String unit : List.of("VN", "VN-22")) {
                input.add(new UnitUpdate(unit, new UnitFigures(m * 100L, 10_000, new long[3], 1,
                        seven + m * 60_000L, 25_200, m + 1)));
            }
        }
        DataStream<UnitUpdate> updates = env.fromData(input);

        DataStream<HistoryPoint> history = updates
                .keyBy(u -> u.unitId(), Types.STRING)
                .process(new TurnoutHistory(HistoryConfig.defaults())).returns(HistoryPoint.class)
                .name("turnout history").uid("turnout-history");

        List<HistoryPoint> points = new ArrayList<>();
        try (CloseableIterator<HistoryPoint> it = history.executeAndCollect("history")) {
            it.forEachRemaining(points::add);
        }
        // Updates on the minute, 07:00 to 08:00: the point at 07:00 holds the 07:00 figures (ends are inclusive), the
        // point at 07:55 those of 07:55, and 08:00's bucket stays open.
        assertThat(points).hasSize(24);
        assertThat(points).filteredOn(p -> p.unitId().equals("VN-22")).first().satisfies(p -> {
            assertThat(p.bucketEndMillis()).isEqualTo(seven);
            assertThat(p.voted()).isZero();
        });
        assertThat(points).filteredOn(p -> p.unitId().equals("VN-22")).last().satisfies(p -> {
            assertThat(p.bucketEndMillis()).isEqualTo(seven + 55 * 60_000L);
            assertThat(p.voted()).isEqualTo(5_500);
            assertThat(p.votedPer15Min()).isEqualTo(1_500);
            assertThat(p.votedPerHour()).isEqualTo(HistoryPoint.UNKNOWN);
        });
    }
}
