package vn.election.jobs.io;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.UnitFigures;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;
import vn.election.model.time.IsoTime;

/**
 * Writes a unit's snapshot JSON (the bytes {@code UnitSnapshotCodec.encode} gives for the same figures) from
 * parts cached per unit: the id, parent, level and name, each level's key and unit count, escaped once by
 * Jackson; only the figures are written per update. The job writes one snapshot per changed unit per tick,
 * and building and escaping every part each time was most of the units sink's work.
 */
public final class UnitSnapshotBytes {

    private static final Map<RegistryRef, UnitSnapshotBytes> SHARED = new ConcurrentHashMap<>();

    /** What never changes in one unit's JSON: a handle a stage may keep by array index instead of looking it up. */
    public static final class Parts {
        private final byte[] key;
        private final byte[] head;
        private final byte[][] levelHeads;
        private final byte[][] levelTails;

        Parts(byte[] key, byte[] head, byte[][] levelHeads, byte[][] levelTails) {
            this.key = key;
            this.head = head;
            this.levelHeads = levelHeads;
            this.levelTails = levelTails;
        }

        /** The record key: the unit id in UTF-8. */
        public byte[] key() {
            return key;
        }
    }

    private static final byte[] VOTED = bytes(",\"voted\":");
    private static final byte[] PCT = bytes(",\"turnout_pct\":");
    private static final byte[] LEVELS = bytes(",\"complete_by_level\":{");
    private static final byte[] AS_OF = bytes("},\"as_of\":");
    private static final byte[] VERSION = bytes(",\"version\":");
    private static final byte[] NULL = bytes("null");

    private final Registry registry;
    private final Map<String, Parts> parts = new ConcurrentHashMap<>();

    private UnitSnapshotBytes(Registry registry) {
        this.registry = registry;
    }

    /** One cache per registry in the JVM, shared by every sink subtask. */
    public static UnitSnapshotBytes of(RegistryRef ref) {
        return SHARED.computeIfAbsent(ref, r -> new UnitSnapshotBytes(r.load()));
    }

    /** The record key: the unit id in UTF-8. */
    public byte[] key(String unitId) {
        return parts(unitId).key;
    }

    /** The units topic's record of this update: key and JSON value, with one look-up of the unit's parts. */
    public org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> record(String topic, String unitId, UnitFigures f) {
        Parts p = parts(unitId);
        return new org.apache.kafka.clients.producer.ProducerRecord<>(topic, p.key, encode(p, f));
    }

    /** The unit's snapshot JSON with these figures. */
    public byte[] encode(String unitId, UnitFigures f) {
        return encode(parts(unitId), f);
    }

    private byte[] encode(Parts p, UnitFigures f) {
        return encode(p, f.voted(), f.registered(), f.completeByDepth(), 0, f.reporting(), f.latestObservedMillis(),
                f.latestOffsetSeconds(), f.version());
    }

    /**
     * The snapshot JSON of the unit of {@code p} from its figures as plain values: the units complete at each depth
     * are {@code complete[completeAt + depth]}, and {@code latest} is Long.MIN_VALUE while nothing was observed.
     */
    public byte[] encode(Parts p, long voted, long registered, long[] complete, int completeAt, long reporting,
                         long latest, int offsetSeconds, long version) {
        Buffer out = new Buffer(p.head.length + 160 + 64 * p.levelHeads.length);
        out.put(p.head).number(registered).put(VOTED).number(voted).put(PCT);
        if (registered <= 0) {
            out.put(NULL);
        } else {
            out.percent(voted, registered);
        }
        out.put(LEVELS);
        int leaf = registry.leafDepth();
        for (int i = 0; i < p.levelHeads.length; i++) {
            int depth = leaf - i;
            out.put(p.levelHeads[i]).number(complete[completeAt + depth]).put(p.levelTails[i]);
            if (depth == leaf) {
                out.number(reporting).put((byte) '}');
            }
        }
        out.put(AS_OF);
        if (latest != Long.MIN_VALUE) {
            out.put((byte) '"').ascii(IsoTime.format(Instant.ofEpochMilli(latest), offsetSeconds)).put((byte) '"');
        } else {
            out.put(NULL);
        }
        out.put(VERSION).number(version).put((byte) '}');
        return out.bytes();
    }

    /** The unit's cached parts (built on first use). */
    public Parts parts(String unitId) {
        Parts p = parts.get(unitId);
        return p != null ? p : parts.computeIfAbsent(unitId, this::build);
    }

    private Parts build(String unitId) {
        Unit unit = registry.unit(unitId);
        ByteArrayOutputStream head = new ByteArrayOutputStream(128);
        try {
            JsonGenerator g = Json.MAPPER.createGenerator(head);
            // Only the unit's own part: the generator must not close the object when it is done.
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            g.writeStartObject();
            g.writeStringField("unit_id", unit.id());
            g.writeStringField("parent_id", unit.parentId());
            g.writeStringField("level", unit.level());
            g.writeStringField("name", unit.name());
            g.close();
            head.write(bytes(",\"registered\":"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] headBytes = head.toByteArray();
        int leaf = registry.leafDepth();
        int levels = leaf - unit.depth();
        byte[][] heads = new byte[levels][];
        byte[][] tails = new byte[levels][];
        for (int i = 0; i < levels; i++) {
            int depth = leaf - i;
            String quoted = quote(registry.levels().get(depth));
            heads[i] = bytes((i == 0 ? "" : ",") + quoted + ":{\"complete\":");
            tails[i] = bytes(",\"total\":" + registry.descendantsAt(unitId, depth) + (depth == leaf ? ",\"reporting\":" : "}"));
        }
        return new Parts(unitId.getBytes(StandardCharsets.UTF_8), headBytes, heads, tails);
    }

    private static String quote(String s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A growable byte buffer with the few writes a snapshot needs. */
    private static final class Buffer {
        private byte[] buf;
        private int size;

        Buffer(int capacity) {
            buf = new byte[capacity];
        }

        Buffer put(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
            return this;
        }

        Buffer put(byte b) {
            room(1);
            buf[size++] = b;
            return this;
        }

        Buffer ascii(String s) {
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[size++] = (byte) s.charAt(i);
            }
            return this;
        }

        /** A whole number in decimal, written straight into the buffer (no String per number). */
        Buffer number(long v) {
            if (v < 0) {
                return ascii(Long.toString(v));
            }
            int digits = 1;
            for (long t = v; t >= 10; t /= 10) {
                digits++;
            }
            room(digits);
            for (int i = size + digits - 1; i >= size; i--) {
                buf[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            size += digits;
            return this;
        }

        /** 100 × part / whole rounded half-up to 2 decimals, written as BigDecimal writes it (99.95, 0.00). */
        Buffer percent(long part, long whole) {
            if (part < 0 || part > Long.MAX_VALUE / 20_000) {
                return ascii(vn.election.model.unit.UnitSnapshot.turnoutPct(part, whole).toString());
            }
            long hundredths = (part * 20_000 + whole) / (2 * whole);
            number(hundredths / 100).put((byte) '.');
            long cents = hundredths % 100;
            return put((byte) ('0' + cents / 10)).put((byte) ('0' + cents % 10));
        }

        private void room(int n) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }

        byte[] bytes() {
            return size == buf.length ? buf : Arrays.copyOf(buf, size);
        }
    }
}
