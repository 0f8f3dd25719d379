package vn.election.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import vn.election.model.reading.Reading;

/** The peer's per-station state: the latest (seq, voted) of each source; its total is the station's count. */
final class StationState {

    /** The latest reading of one source. */
    record Latest(long seq, long voted) {
    }

    final Map<String, Latest> sources = new LinkedHashMap<>(4);

    /** Keeps the reading when its seq is newer than the source's last; a repeat or stale one changes nothing. */
    StationState apply(Reading r) {
        Latest old = sources.get(r.source());
        if (old == null || r.seq() > old.seq()) {
            sources.put(r.source(), new Latest(r.seq(), r.voted()));
        }
        return this;
    }

    long total() {
        long t = 0;
        for (Latest l : sources.values()) {
            t += l.voted();
        }
        return t;
    }

    /** Compact binary serde for the state store and its changelog. */
    static Serde<StationState> serde() {
        return Serdes.serdeFrom((topic, s) -> {
            if (s == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(s.sources.size());
                for (Map.Entry<String, Latest> e : s.sources.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue().seq());
                    out.writeLong(e.getValue().voted());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }, (topic, b) -> {
            if (b == null) {
                return null;
            }
            StationState s = new StationState();
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(b))) {
                int n = in.readUnsignedByte();
                for (int i = 0; i < n; i++) {
                    s.sources.put(in.readUTF(), new Latest(in.readLong(), in.readLong()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return s;
        });
    }
}
