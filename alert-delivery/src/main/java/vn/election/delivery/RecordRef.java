package vn.election.delivery;

/** One record of the alerts topic, by partition and offset: what must be delivered before its offset is committed. */
record RecordRef(int partition, long offset) {
}
