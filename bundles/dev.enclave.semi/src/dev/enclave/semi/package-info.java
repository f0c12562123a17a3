/**
 * Semiconductor QA pack: wafer maps ({@link dev.enclave.semi.WaferMap}, read by
 * {@link dev.enclave.semi.WaferMapReader}), the WM-811K pattern classifier
 * ({@link dev.enclave.semi.WaferPatterns}), the map library with similarity search
 * and die yield ({@link dev.enclave.semi.WaferLibrary}), and yield prediction from
 * process parameters ({@link dev.enclave.semi.YieldModels}). {@link dev.enclave.semi.WaferStore}
 * is the workspace-level service the command line and the workbench parts share: it reads,
 * classifies, imports, evaluates, trains and reports, keeps the workspace's classifier open,
 * and writes the audit entries; {@link dev.enclave.semi.WaferPicture} draws maps as pixels
 * and {@link dev.enclave.semi.YieldSummary} holds the die-yield numbers.
 */
package dev.enclave.semi;
