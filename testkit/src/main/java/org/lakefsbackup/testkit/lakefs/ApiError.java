package org.lakefsbackup.testkit.lakefs;

/** An API failure: the HTTP status and the {@code message} of lakeFS's JSON error body. */
final class ApiError extends RuntimeException {
    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, message);
    }

    static ApiError forbidden(String message) {
        return new ApiError(403, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    static ApiError conflict(String message) {
        return new ApiError(409, message);
    }

    /** lakeFS's answer when the block store has no object at an address ({@code block.ErrDataNotFound}). */
    static ApiError noData() {
        return new ApiError(410, "No data");
    }

    static ApiError preconditionFailed(String message) {
        return new ApiError(412, message);
    }
}
