/**
 * The bank credit-audit pack: reads 授信调查报告 (credit investigation reports),
 * extracts their key elements with an evidence span for every value
 * ({@link dev.enclave.audit.CreditReportExtractor}), links a portfolio of reports
 * into one guarantee network and derives risk findings
 * ({@link dev.enclave.audit.PortfolioAnalyzer}), and keeps the auditor's decisions on
 * findings ({@link dev.enclave.audit.FindingDecisions}).
 *
 * <p>What a user does (extract a report, analyse or import a portfolio, export the
 * working paper) goes through {@link dev.enclave.audit.CreditAuditService} and
 * {@link dev.enclave.audit.WorkingPaperExporter}, which append the audit-log entries
 * themselves, so the command line and the workbench leave the same trail.
 * {@link dev.enclave.audit.AuditJson} is the JSON shape of the records.
 *
 * <p>Amounts are integer yuan, ratios decimals (68.5% is {@code 0.685}), dates
 * {@code yyyy-mm-dd}; evidence spans are {@code [start, end)} character offsets into
 * the report's extracted text, exactly as read (before any normalisation).
 */
package dev.enclave.audit;
