package dev.enclave.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.TextFiles;

/** Character-set detection of undeclared text files, and the errors that name the file. */
class TextFilesTest {
    private static final String TEXT = "授信调查报告。借款人：江南示例电子有限公司，注册资本 5000 万元。\nLine two.";

    @TempDir
    Path dir;

    @Test
    void everyEncodingDecodesToTheSameTextAndNamesItsCharset() {
        check("UTF-8", TEXT.getBytes(StandardCharsets.UTF_8), TEXT);
        byte[] bom = TEXT.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(bom, 0, withBom, 3, bom.length);
        check("UTF-8", withBom, TEXT);
        check("UTF-16LE", TEXT.getBytes(StandardCharsets.UTF_16LE), TEXT);
        check("UTF-16BE", TEXT.getBytes(StandardCharsets.UTF_16BE), TEXT);
        check("UTF-16BE", TEXT.getBytes(StandardCharsets.UTF_16), TEXT); // Java writes a big-endian BOM
        check("GBK", TEXT.getBytes(Charset.forName("GBK")), TEXT);
        String rare = "𠀀 " + TEXT; // outside GBK: only GB18030 holds it
        check("GB18030", rare.getBytes(Charset.forName("GB18030")), rare);
        assertEquals("", TextFiles.decode(new byte[0]).text());
    }

    private static void check(String charset, byte[] bytes, String text) {
        TextFiles.Decoded d = TextFiles.decode(bytes);
        assertEquals(charset, d.charset());
        assertEquals(text, d.text());
    }

    @Test
    void binaryAndControlCharactersAreNotText() {
        assertNull(TextFiles.decode(new byte[] { 0, (byte) 0xff, 7, 0x00, (byte) 0x81, 0x00, (byte) 0xc0, 0x30, 1 }));
        assertNull(TextFiles.decode(new byte[] { 0, (byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x81, 0x00, (byte) 0xc0, 0x30 }));
        byte[] controls = new byte[200];
        for (int i = 0; i < controls.length; i++) {
            controls[i] = (byte) (i % 2 == 0 ? 'a' : 0x07);
        }
        assertNull(TextFiles.decode(controls), "half bell characters is not text");
        assertNull(TextFiles.decode(new byte[] { (byte) 0xef, (byte) 0xbb, (byte) 0xbf, (byte) 0xc3, 0x28 }),
                "a UTF-8 mark before malformed UTF-8");
    }

    @Test
    void readNamesTheFileInEveryError() throws Exception {
        Path gb = Files.write(dir.resolve("报告-gbk.txt"), TEXT.getBytes(Charset.forName("GB18030")));
        TextFiles.Decoded d = TextFiles.read(gb, 1024);
        assertEquals("GBK", d.charset());
        assertEquals(TEXT, d.text());

        EnclaveException missing = assertThrows(EnclaveException.class,
                () -> TextFiles.read(dir.resolve("missing.txt"), 1024));
        assertTrue(missing.isBadInput() && missing.getMessage().contains("missing.txt"), missing.getMessage());
        EnclaveException big = assertThrows(EnclaveException.class, () -> TextFiles.read(gb, 10));
        assertTrue(big.isBadInput() && big.getMessage().contains("报告-gbk.txt"), big.getMessage());
        Path bin = Files.write(dir.resolve("image.bin"), new byte[] { 0, 1, 2, 3, (byte) 0x89, 'P', 'N', 'G', 0 });
        EnclaveException binary = assertThrows(EnclaveException.class, () -> TextFiles.read(bin, 1024));
        assertTrue(binary.isBadInput() && binary.getMessage().contains("image.bin"), binary.getMessage());
    }
}
