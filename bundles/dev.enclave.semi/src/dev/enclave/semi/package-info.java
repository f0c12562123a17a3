/**
 * Semiconductor QA pack: wafer maps ({@link dev.enclave.semi.WaferMap}, read by
 * {@link dev.enclave.semi.WaferMapReader}), the WM-811K pattern classifier
 * ({@link dev.enclave.semi.WaferPatterns}), the map library with similarity search
 * and die yield ({@link dev.enclave.semi.WaferLibrary}), and yield prediction from
 * process parameters.
 */
package dev.enclave.semi;
