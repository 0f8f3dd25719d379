package vn.election.jobs.records;

/** A unit snapshot as the units topic takes it: the unit id and the snapshot JSON, encoded where it was made. */
public record EncodedSnapshot(byte[] key, byte[] value) {
}
