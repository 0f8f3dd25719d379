package vn.election.jobs.functions.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import vn.election.jobs.records.ShardReading;

class ShardReadingSerializerTest {

    private static final List<ShardReading> READINGS = List.of(
            new ShardReading(0, 0, "main", 1, 1_621_735_200_000L, 25_200, 0, ShardReading.NO_LIST, null),
            new ShardReading(511, 1_234, "mobile", Long.MAX_VALUE, -1L, -43_200, 1_500, 2_000, "token-7"),
            new ShardReading(7, 3, "nguồn-dự-phòng-số-hai-rất-dài", 42, 0, 50_400, Long.MAX_VALUE, 0, "người gửi"));

    @Test
    void writesAndReadsEveryFieldBackInOrder() throws Exception {
        TypeSerializer<ShardReading> serializer = ShardReadingSerializer.TYPE.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (ShardReading r : READINGS) {
            serializer.serialize(r, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (ShardReading r : READINGS) {
            assertThat(serializer.deserialize(in)).isEqualTo(r);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void copiesRecordsFromOneViewToAnother() throws Exception {
        TypeSerializer<ShardReading> serializer = new ShardReadingSerializer();
        DataOutputSerializer first = new DataOutputSerializer(64);
        serializer.serialize(READINGS.get(1), first);
        DataOutputSerializer second = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(first.getCopyOfBuffer()), second);
        assertThat(serializer.deserialize(new DataInputDeserializer(second.getCopyOfBuffer()))).isEqualTo(READINGS.get(1));
        assertThat(serializer.snapshotConfiguration().restoreSerializer()).isEqualTo(serializer);
    }
}
