package vn.election.jobs.functions.curve;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes a {@link CurveBook} as its arrays ({@link CurveBook#write}), for the curve stages above the shard. */
public final class CurveBookSerializer extends TypeSerializer<CurveBook> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<CurveBook> duplicate() {
        return this;
    }

    @Override
    public CurveBook createInstance() {
        return CurveBook.fresh(new long[1], 12, 12, 12);
    }

    @Override
    public CurveBook copy(CurveBook from) {
        return from.copy();
    }

    @Override
    public CurveBook copy(CurveBook from, CurveBook reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(CurveBook book, DataOutputView out) throws IOException {
        book.write(out);
    }

    @Override
    public CurveBook deserialize(DataInputView in) throws IOException {
        return CurveBook.read(in);
    }

    @Override
    public CurveBook deserialize(CurveBook reuse, DataInputView in) throws IOException {
        return CurveBook.read(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurveBookSerializer;
    }

    @Override
    public int hashCode() {
        return CurveBookSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<CurveBook> snapshotConfiguration() {
        return new Snapshot();
    }

    /** No configuration; the format version is in every value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CurveBook> {
        public Snapshot() {
            super(CurveBookSerializer::new);
        }
    }
}
