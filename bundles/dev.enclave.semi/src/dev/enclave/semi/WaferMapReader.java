package dev.enclave.semi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.enclave.core.EnclaveException;

/**
 * Reads wafer maps: the contract's CSV ({@code id,label,rows,cols,data}, {@code data}
 * the row-major digits 0 off wafer, 1 good, 2 fail) and plain text grids (one line per
 * row of digits, or of {@code .} off wafer, {@code o}/{@code 1} good, {@code x}/{@code X}/{@code 2}
 * fail; blank lines ignored). Errors are {@link EnclaveException#badInput(String) bad
 * input} naming the file and line.
 */
public final class WaferMapReader {
    private WaferMapReader() {
    }

    /** Reads every map of a CSV file, in file order. */
    public static List<WaferMap> readCsv(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readCsv(in, file.toString());
        } catch (java.nio.charset.MalformedInputException e) {
            throw EnclaveException.badInput(file + " is not UTF-8 text; expected a wafer map CSV.");
        } catch (java.nio.file.NoSuchFileException e) {
            throw EnclaveException.badInput(file + " does not exist.");
        } catch (IOException e) {
            throw EnclaveException.badInput("Cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Reads every map of CSV text.
     *
     * @param source names the input in messages
     */
    public static List<WaferMap> readCsv(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String header = in.readLine();
        if (header == null) {
            throw EnclaveException.badInput(source + " is empty; expected the header id,label,rows,cols,data.");
        }
        header = header.replace("\uFEFF", "").strip();
        String[] names = splitCsv(header).toArray(String[]::new);
        int iId = index(names, "id"), iLabel = index(names, "label"), iRows = index(names, "rows"),
                iCols = index(names, "cols"), iData = index(names, "data");
        if (iId < 0 || iRows < 0 || iCols < 0 || iData < 0) {
            throw EnclaveException.badInput(source + " line 1: header is '" + abbreviate(header)
                    + "'; expected id,label,rows,cols,data.");
        }
        int iLot = index(names, "lot"), iWafer = index(names, "wafer"), iTime = index(names, "time");
        List<WaferMap> maps = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String line;
        int lineNo = 1;
        while ((line = boundedLine(in, source, lineNo + 1)) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String where = source + " line " + lineNo;
            List<String> f = splitCsv(line);
            if (f.size() != names.length) {
                throw EnclaveException.badInput(where + ": " + f.size() + " fields, expected " + names.length
                        + " (" + header + ").");
            }
            String id = f.get(iId).strip();
            if (id.isEmpty()) {
                throw EnclaveException.badInput(where + ": the id is empty.");
            }
            if (!ids.add(id)) {
                throw EnclaveException.badInput(where + ": id '" + id + "' appears twice.");
            }
            String label = iLabel < 0 ? "" : f.get(iLabel).strip();
            if (!label.isEmpty() && !WaferMap.PATTERNS.contains(label)) {
                String fixed = canonicalLabel(label);
                if (fixed == null) {
                    throw EnclaveException.badInput(where + ": label '" + label + "' is not one of "
                            + String.join(", ", WaferMap.PATTERNS) + ".");
                }
                label = fixed;
            }
            int rows = size(f.get(iRows), "rows", where);
            int cols = size(f.get(iCols), "cols", where);
            String data = f.get(iData).strip();
            if (data.length() != rows * cols) {
                throw EnclaveException.badInput(where + ": data has " + data.length() + " digits, expected rows × cols = "
                        + rows + " × " + cols + " = " + rows * cols + ".");
            }
            byte[] cells = new byte[data.length()];
            for (int i = 0; i < cells.length; i++) {
                char c = data.charAt(i);
                if (c < '0' || c > '2') {
                    throw EnclaveException.badInput(where + ": data has '" + c + "' at position " + (i + 1)
                            + " (row " + (i / cols + 1) + ", column " + (i % cols + 1) + "); only 0, 1 and 2 are allowed.");
                }
                cells[i] = (byte) (c - '0');
            }
            java.time.Instant time = null;
            if (iTime >= 0 && !f.get(iTime).isBlank()) {
                try {
                    time = java.time.Instant.parse(f.get(iTime).strip());
                } catch (java.time.format.DateTimeParseException e) {
                    throw EnclaveException.badInput(where + ": time '" + f.get(iTime)
                            + "' is not an ISO-8601 instant such as 2026-01-31T08:00:00Z.");
                }
            }
            maps.add(new WaferMap(id, label.isEmpty() ? null : label, rows, cols, cells,
                    iLot < 0 || f.get(iLot).isBlank() ? null : f.get(iLot).strip(),
                    iWafer < 0 || f.get(iWafer).isBlank() ? null : f.get(iWafer).strip(), time));
        }
        return maps;
    }

    /**
     * Reads a plain text grid file as one map named after the file.
     */
    public static WaferMap readGrid(Path file) {
        try {
            long bytes = Files.size(file);
            if (bytes > MAX_GRID_BYTES) {
                throw EnclaveException.badInput(file + ": " + bytes + " bytes is too large for a wafer grid (at most "
                        + WaferMap.MAX_SIZE + " × " + WaferMap.MAX_SIZE + " dies, " + MAX_GRID_BYTES / 1024
                        + " KiB); the file was not read.");
            }
            String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            return readGrid(Files.readString(file, StandardCharsets.UTF_8), name, file.toString());
        } catch (IOException e) {
            throw EnclaveException.badInput("Cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Reads a plain text grid.
     *
     * @param id the map's id
     * @param source names the input in messages
     */
    public static WaferMap readGrid(String text, String id, String source) {
        List<String> lines = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        int no = 0;
        for (String l : new BufferedReader(new StringReader(text)).lines().toList()) {
            no++;
            String s = l.replace("\uFEFF", "").replaceAll("[\\s,]", "");
            if (!s.isEmpty()) {
                lines.add(s);
                numbers.add(no);
            }
        }
        if (lines.isEmpty()) {
            throw EnclaveException.badInput(source + " has no grid rows.");
        }
        int cols = lines.get(0).length();
        int rows = lines.size();
        checkSize(rows, cols, source); // before allocating: a hostile grid must not exhaust memory
        byte[] cells = new byte[rows * cols];
        for (int r = 0; r < rows; r++) {
            String s = lines.get(r);
            if (s.length() != cols) {
                throw EnclaveException.badInput(source + " line " + numbers.get(r) + ": " + s.length()
                        + " cells, but the first row has " + cols + ".");
            }
            for (int c = 0; c < cols; c++) {
                byte v = switch (s.charAt(c)) {
                    case '0', '.', '-' -> WaferMap.OFF;
                    case '1', 'o', 'O' -> WaferMap.GOOD;
                    case '2', 'x', 'X', '#' -> WaferMap.FAIL;
                    default -> throw EnclaveException.badInput(source + " line " + numbers.get(r) + ": '"
                            + s.charAt(c) + "' at column " + (c + 1)
                            + " is not a die state (0 . off wafer, 1 o good, 2 x fail).");
                };
                cells[r * cols + c] = v;
            }
        }
        checkSize(rows, cols, source);
        return new WaferMap(id, null, rows, cols, cells);
    }

    /** Writes maps in the contract's CSV form (with lot, wafer and time when any map has them). */
    public static String toCsv(List<WaferMap> maps) {
        boolean origin = maps.stream().anyMatch(m -> m.lot() != null || m.waferId() != null || m.time() != null);
        StringBuilder sb = new StringBuilder("id,label,rows,cols,data" + (origin ? ",lot,wafer,time" : "") + "\n");
        for (WaferMap m : maps) {
            sb.append(m.id()).append(',').append(m.label() == null ? "" : m.label()).append(',').append(m.rows())
                    .append(',').append(m.cols()).append(',').append(m.data());
            if (origin) {
                sb.append(',').append(m.lot() == null ? "" : m.lot()).append(',')
                        .append(m.waferId() == null ? "" : m.waferId()).append(',')
                        .append(m.time() == null ? "" : m.time().toString());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The contract's spelling of a label written with other case or separators, or {@code null}. */
    public static String canonicalLabel(String label) {
        String key = label.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "");
        for (String p : WaferMap.PATTERNS) {
            if (p.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "").equals(key)) {
                return p;
            }
        }
        return key.equals("nearfull") ? "Near-full" : null;
    }

    private static int size(String value, String name, String where) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw EnclaveException.badInput(where + ": " + name + " '" + value + "' is not a whole number.");
        }
        if (n < WaferMap.MIN_SIZE || n > WaferMap.MAX_SIZE) {
            throw EnclaveException.badInput(where + ": " + name + " = " + n + " is outside " + WaferMap.MIN_SIZE
                    + "–" + WaferMap.MAX_SIZE + ".");
        }
        return n;
    }

    /**
     * The longest CSV line read: a map of {@link WaferMap#MAX_SIZE}² digits plus generous room for the other
     * fields. Longer lines are refused before they are held in memory.
     */
    static final int MAX_LINE = WaferMap.MAX_SIZE * WaferMap.MAX_SIZE + 64 * 1024;
    /** The largest text grid file read: {@link WaferMap#MAX_SIZE}² cells with separators and line ends. */
    static final long MAX_GRID_BYTES = 8L * WaferMap.MAX_SIZE * (WaferMap.MAX_SIZE + 2);

    /** {@link BufferedReader#readLine()} that refuses a line longer than {@link #MAX_LINE} characters. */
    private static String boundedLine(BufferedReader in, String source, int lineNo) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return sb.toString();
            }
            if (c == '\r') {
                in.mark(1);
                if (in.read() != '\n') {
                    in.reset();
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw EnclaveException.badInput(source + " line " + lineNo + ": longer than " + MAX_LINE
                        + " characters; a map has at most " + WaferMap.MAX_SIZE + " × " + WaferMap.MAX_SIZE
                        + " dies.");
            }
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static void checkSize(int rows, int cols, String source) {
        if (rows < WaferMap.MIN_SIZE || rows > WaferMap.MAX_SIZE || cols < WaferMap.MIN_SIZE
                || cols > WaferMap.MAX_SIZE) {
            throw EnclaveException.badInput(source + ": the grid is " + rows + " × " + cols + "; rows and columns must be "
                    + WaferMap.MIN_SIZE + "–" + WaferMap.MAX_SIZE + ".");
        }
    }

    private static int index(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].strip().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Splits one CSV line; fields may be quoted with doubled quotes inside. */
    private static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        if (line.indexOf('"') < 0) {
            // No quoting: cut at the commas (maps' data fields are long; no copying char by char).
            int from = 0;
            for (int comma = line.indexOf(','); comma >= 0; comma = line.indexOf(',', from)) {
                out.add(line.substring(from, comma));
                from = comma + 1;
            }
            out.add(line.substring(from));
            return out;
        }
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    sb.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    sb.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString());
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
