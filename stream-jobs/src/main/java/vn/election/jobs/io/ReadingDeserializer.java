package vn.election.jobs.io;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import vn.election.jobs.records.DecodedRecord;
import vn.election.model.reading.InvalidReadingException;
import vn.election.model.reading.ReadingCodec;

/** Decodes a readings-topic record in the source; a record that cannot be read is kept with its reason, never dropped. */
public class ReadingDeserializer implements KafkaRecordDeserializationSchema<DecodedRecord> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedRecord> out) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        try {
            out.collect(DecodedRecord.of(ReadingCodec.decode(value)));
        } catch (InvalidReadingException e) {
            out.collect(DecodedRecord.refused(value, e.getMessage()));
        }
    }

    @Override
    public TypeInformation<DecodedRecord> getProducedType() {
        return TypeInformation.of(DecodedRecord.class);
    }
}
