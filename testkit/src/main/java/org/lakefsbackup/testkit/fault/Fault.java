package org.lakefsbackup.testkit.fault;

/** What a {@link FaultInjectingProxy} can do to a request instead of (or before) forwarding it. */
public enum Fault {
    /** Answer 503: S3 {@code SlowDown} XML, or a lakeFS JSON error. The request is not forwarded. */
    SLOW_DOWN,
    /** Answer 500: S3 {@code InternalError} XML, or a lakeFS JSON error. The request is not forwarded. */
    SERVER_ERROR,
    /** Abort the client's connection with a TCP reset. The request is not forwarded. */
    CONNECTION_RESET,
    /** Wait {@link FaultRule#latency()} and then forward the request. */
    LATENCY
}
