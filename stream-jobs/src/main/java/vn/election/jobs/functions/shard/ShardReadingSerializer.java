package vn.election.jobs.functions.shard;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import vn.election.jobs.io.SerializerTypeInfo;
import vn.election.jobs.records.ShardReading;

/**
 * Writes a {@link ShardReading} as its fields in order, for the one shuffle every reading makes (source to shard
 * stage), with no reflection. Never kept in state.
 */
public final class ShardReadingSerializer extends TypeSerializerSingleton<ShardReading> {

    private static final long serialVersionUID = 1L;

    /** The stream type of addressed readings. */
    public static final TypeInformation<ShardReading> TYPE =
            new SerializerTypeInfo<>(ShardReading.class, ShardReadingSerializer::new);


    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public ShardReading createInstance() {
        return new ShardReading(0, 0, vn.election.model.reading.Reading.DEFAULT_SOURCE, 0, 0, 0, 0, ShardReading.NO_LIST, null);
    }

    @Override
    public ShardReading copy(ShardReading from) {
        return from;
    }

    @Override
    public ShardReading copy(ShardReading from, ShardReading reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ShardReading r, DataOutputView out) throws IOException {
        out.writeInt(r.shardKey());
        out.writeInt(r.area());
        StringValue.writeString(r.source(), out);
        out.writeLong(r.seq());
        out.writeLong(r.observedMillis());
        out.writeInt(r.offsetSeconds());
        out.writeLong(r.voted());
        out.writeLong(r.registered());
        out.writeBoolean(r.sentBy() != null);
        if (r.sentBy() != null) {
            StringValue.writeString(r.sentBy(), out);
        }
    }

    @Override
    public ShardReading deserialize(DataInputView in) throws IOException {
        int shardKey = in.readInt();
        int area = in.readInt();
        String source = StringValue.readString(in);
        long seq = in.readLong();
        long observed = in.readLong();
        int offset = in.readInt();
        long voted = in.readLong();
        long registered = in.readLong();
        String sentBy = in.readBoolean() ? StringValue.readString(in) : null;
        return new ShardReading(shardKey, area, source, seq, observed, offset, voted, registered, sentBy);
    }

    @Override
    public ShardReading deserialize(ShardReading reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<ShardReading> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot: it has no configuration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ShardReading> {
        public Snapshot() {
            super(ShardReadingSerializer::new);
        }
    }
}
