/**
 * The command-line SPI: packs add subcommands to {@code enclave} by registering
 * a {@link dev.enclave.cli.CommandContribution} service whose command object is a
 * picocli {@code @Command}.
 */
package dev.enclave.cli;
