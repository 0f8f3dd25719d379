package vn.election.jobs.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.StationReading;

/** The five detectors wired together on a local Flink cluster, with Kryo fallback off as in the job. */
class StationDetectorsTest {

    @Test
    void wiresFiveNamedDetectorsWithStableUidsAndUnitesTheirFindings() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);

        StationFeed over = new StationFeed("X-1-a-1", 500);
        StationFeed silent = new StationFeed("X-1-a-2", 1000);
        List<StationReading> day = new ArrayList<>(List.of(
                over.main("08:00", 300), over.main("08:30", 400), over.main("09:15", 503), over.main("11:50", 504),
                over.main("19:00", 505),
                silent.main("09:10", 400), silent.main("09:40", 450), silent.main("12:05", 600),
                silent.main("13:30", 750), silent.main("15:20", 960),
                silent.main("19:00", 990)));
        day.sort(Comparator.comparingLong(StationReading::observedMillis));

        DataStream<StationReading> accepted = env.fromData(day, TypeInformation.of(StationReading.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<StationReading>forGenerator(ctx -> new PerEvent())
                        .withTimestampAssigner((r, ts) -> r.observedMillis()));
        CloseableIterator<Finding> findings = StationDetectors.wire(accepted.keyBy(r -> r.stationId(), Types.STRING), DetectorConfig.defaults()).collectAsync();

        List<String> uids = new ArrayList<>();
        for (StreamNode node : env.getStreamGraph(false).getStreamNodes()) {
            if (node.getOperatorName().startsWith("detect ")) {
                uids.add(node.getTransformationUID());
            }
        }
        assertThat(uids).containsExactlyInAnyOrder("detect-over-100-percent", "detect-counter-decrease",
                "detect-surge", "detect-silent-station", "detect-jump-to-100-before-checkpoint");

        env.execute("station detectors");
        List<String> seen = new ArrayList<>();
        findings.forEachRemaining(f -> seen.add(f.kind() + " " + f.phase() + " " + f.unitId() + " " + f.startedAt()));
        findings.close();
        assertThat(seen).containsExactlyInAnyOrder(
                "OVER_100_PERCENT FOUND X-1-a-1 2021-05-23T09:15:00+07:00",
                "SILENT_STATION FOUND X-1-a-2 2021-05-23T09:40:00+07:00",
                "SILENT_STATION RESOLVED X-1-a-2 2021-05-23T09:40:00+07:00");
    }

    /** A watermark after every reading, one minute behind it: the job's out-of-orderness, made deterministic. */
    private static final class PerEvent implements WatermarkGenerator<StationReading> {
        @Override
        public void onEvent(StationReading r, long timestamp, WatermarkOutput output) {
            output.emitWatermark(new Watermark(timestamp - 60_001));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }
}
