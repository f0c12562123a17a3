package dev.enclave.knowledge.internal;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;

import dev.enclave.knowledge.IngestReport;

/**
 * The files an ingest reads from the paths it was given. A path named by the caller is taken as
 * given (also when it is a symbolic link); inside a folder, a symbolic link is followed only when
 * it stays inside that folder, unless following links was asked for. A link that leads out, a
 * broken link or a link loop is reported for that file and the rest goes on.
 */
final class IngestFiles {
    private IngestFiles() {
    }

    /** The files to read (sorted per given folder) and what could not be taken, added to {@code failed}. */
    static List<Path> collect(List<Path> paths, boolean followLinks, Predicate<Path> supported,
            List<IngestReport.Failure> failed) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> found = new ArrayList<>();
                try {
                    walk(p, followLinks, supported, found, failed);
                } catch (IOException e) {
                    failed.add(new IngestReport.Failure(p.toString(), p + " cannot be read: " + e.getMessage()));
                }
                found.sort(null);
                files.addAll(found);
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(p)) {
                failed.add(new IngestReport.Failure(p.toString(), p + " is a broken symbolic link."));
            } else if (Files.exists(p)) {
                failed.add(new IngestReport.Failure(p.toString(), p + " is not a regular file or folder."));
            } else {
                failed.add(new IngestReport.Failure(p.toString(), p + " does not exist."));
            }
        }
        return files;
    }

    private static void walk(Path folder, boolean followLinks, Predicate<Path> supported, List<Path> out,
            List<IngestReport.Failure> failed) throws IOException {
        Path root = folder.toRealPath();
        EnumSet<FileVisitOption> options = followLinks ? EnumSet.of(FileVisitOption.FOLLOW_LINKS)
                : EnumSet.noneOf(FileVisitOption.class);
        Files.walkFileTree(folder, options, Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    link(file);
                } else if (attrs.isRegularFile() && supported.test(file)) {
                    out.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            /** A link met without following links: taken when it stays inside the folder, reported otherwise. */
            private void link(Path file) {
                Path target;
                try {
                    target = file.toRealPath();
                } catch (IOException e) {
                    if (supported.test(file)) {
                        failed.add(new IngestReport.Failure(file.toString(), file + " is a broken symbolic link."));
                    }
                    return;
                }
                boolean dir = Files.isDirectory(target);
                if (!dir && !supported.test(file)) {
                    return;
                }
                if (!target.startsWith(root)) {
                    failed.add(new IngestReport.Failure(file.toString(), file + " is a symbolic link to " + target
                            + ", outside " + folder + "; not followed (give --follow-links to ingest what links"
                            + " point to)."));
                } else if (!dir) {
                    out.add(file);
                }
                // A link to a folder inside is not walked a second time.
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                String why = e instanceof FileSystemLoopException ? " is a symbolic link loop; not followed."
                        : " cannot be read: " + e.getMessage();
                failed.add(new IngestReport.Failure(file.toString(), file + why));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
