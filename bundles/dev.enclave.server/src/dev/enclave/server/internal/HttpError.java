package dev.enclave.server.internal;

/** An HTTP error answer in the OpenAI error shape: status, error type and a message a caller can act on. */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String type;
    final String param;

    HttpError(int status, String type, String message) {
        this(status, type, message, null);
    }

    HttpError(int status, String type, String message, String param) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
    }

    static HttpError badRequest(String message, String param) {
        return new HttpError(400, "invalid_request_error", message, param);
    }
}
