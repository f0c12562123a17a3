/**
 * Optical character recognition on the local model runtime: {@link dev.enclave.ocr.Ocr} reads
 * page images (scans, photographs of documents) into lines of text with their confidence and box in
 * page coordinates, grouped into paragraphs and table rows in reading order. PaddleOCR's PP-OCRv4
 * models (Chinese + English) run through DJL's ONNX Runtime engine; the models ship inside this
 * bundle and nothing is fetched at run time.
 */
package dev.enclave.ocr;
