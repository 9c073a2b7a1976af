/**
 * The {@code carousel} command line (picocli): one small class per command, each with --help and an
 * example; validation errors are one clear line.
 */
package carousel.cli;
