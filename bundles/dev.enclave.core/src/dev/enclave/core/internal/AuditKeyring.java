package dev.enclave.core.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import dev.enclave.core.EnclaveException;
import dev.enclave.core.FileIO;
import dev.enclave.core.Hashes;

/**
 * The audit key of this OS account and the workspace's registration of it.
 *
 * <p>The key pair (Ed25519, from the JDK) lives outside every workspace, in the account's
 * configuration folder ({@link #defaultFolder()}: {@code ~/.config/enclave}, {@code 0700}) as
 * {@code audit-ed25519.key} ({@code 0600}); when {@code ENCLAVE_AUDIT_PASSPHRASE} is set as the key is
 * created, its private half is encrypted with it (PBKDF2-HMAC-SHA256, AES-GCM) and the passphrase
 * is needed for every later write. A workspace publishes the public key, a random id and the first
 * signed sequence number in {@code audit/audit.pub}; the account keeps its own copy of that
 * registration (a pin) in {@code workspaces/<sha256 of the workspace path>.json}, so a public key
 * swapped inside the workspace is noticed by the owner. Thread-safe.
 */
public final class AuditKeyring {
    /** Environment variable holding the passphrase that protects the private key. */
    public static final String PASSPHRASE_ENV = "ENCLAVE_AUDIT_PASSPHRASE";
    private static final String FORMAT = "enclave-audit-key-1";
    private static final int ITERATIONS = 120_000;

    private final Path folder;
    private final Path workspace;
    private final char[] passphrase;
    private PublicKey publicKey;
    private PrivateKey privateKey;

    /** What a workspace registered: the key, a random workspace id and the first signed entry. */
    public record Registration(String publicKey, String fingerprint, String id, long since) {
        PublicKey key() {
            return decodePublic(publicKey);
        }
    }

    /**
     * @param folder     the account's key folder (see {@link #defaultFolder()})
     * @param workspace  the workspace root (absolute, normalised)
     * @param passphrase protects the private key, or null
     */
    public AuditKeyring(Path folder, Path workspace, char[] passphrase) {
        this.folder = folder;
        this.workspace = workspace;
        this.passphrase = passphrase == null || passphrase.length == 0 ? null : passphrase.clone();
    }

    /** The keyring of this account for a workspace, with the passphrase from the environment. */
    public static AuditKeyring forWorkspace(Path workspace) {
        String env = System.getenv(PASSPHRASE_ENV);
        return new AuditKeyring(defaultFolder(), workspace, env == null ? null : env.toCharArray());
    }

    /**
     * The account's key folder: the {@code enclave.keys} system property (tests point it at a build
     * folder; another folder only gives another key, which the workspace's registration refuses), else
     * {@code $XDG_CONFIG_HOME/enclave}, else {@code ~/.config/enclave}.
     */
    public static Path defaultFolder() {
        String configured = System.getProperty("enclave.keys");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "enclave").toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".config", "enclave").toAbsolutePath();
    }

    /** The key folder. */
    public Path folder() {
        return folder;
    }

    /** The account's key file. */
    public Path keyFile() {
        return folder.resolve("audit-ed25519.key");
    }

    /** The account's pin of this workspace's registration. */
    public Path pinFile() {
        return folder.resolve("workspaces").resolve(Hashes.sha256Hex(workspace.toString()) + ".json");
    }

    /** The workspace's published registration. */
    public Path publishedFile() {
        return workspace.resolve("audit").resolve("audit.pub");
    }

    /** Lower-case hex SHA-256 of a public key's X.509 encoding, first 16 bytes. */
    public static String fingerprint(PublicKey key) {
        return Hashes.sha256Hex(key.getEncoded()).substring(0, 32);
    }

    /** This account's public key; the key pair is created on first use. */
    public synchronized PublicKey publicKey() {
        if (publicKey == null) {
            load(false);
        }
        return publicKey;
    }

    /**
     * Signs bytes with this account's private key.
     *
     * @throws EnclaveException (bad input) when the key is protected by a passphrase that is not given
     */
    public synchronized byte[] sign(byte[] data) {
        if (privateKey == null) {
            load(true);
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw EnclaveException.failure("Cannot sign with the audit key " + keyFile() + ": " + e.getMessage(), e);
        }
    }

    /** Base64 signature of a string's UTF-8 bytes. */
    public String signText(String text) {
        return Base64.getEncoder().encodeToString(sign(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code signature} (base64) is a valid signature of {@code text} by {@code key}. */
    public static boolean verifies(PublicKey key, String text, String signature) {
        if (key == null || signature == null || signature.isEmpty()) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The secret for keyed hashes of this workspace: derived from the private key and the
     * workspace's registration id, so it is as private as the key and differs per workspace.
     */
    public synchronized byte[] hashSecret(String workspaceId) {
        if (privateKey == null) {
            load(true);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Hashes.sha256().digest(privateKey.getEncoded()), "HmacSHA256"));
            return mac.doFinal(("enclave-keyed-hash-v1:" + workspaceId).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw EnclaveException.failure("Cannot derive the workspace's hash secret: " + e.getMessage(), e);
        }
    }

    /** The account's pin of this workspace, or null when this account never registered it. */
    public Registration pinned() {
        return readRegistration(pinFile());
    }

    /** The workspace's published registration, or null when it has none. */
    public Registration published() {
        return readRegistration(publishedFile());
    }

    /**
     * Registers this account's key for the workspace: signed entries start at {@code since}. Writes
     * the workspace's {@code audit.pub} and the account's pin.
     */
    public synchronized Registration register(long since) {
        PublicKey key = publicKey();
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        Registration r = new Registration(Base64.getEncoder().encodeToString(key.getEncoded()), fingerprint(key),
                HexFormat.of().formatHex(id), since);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "enclave-audit-registration-1");
        m.put("workspace", workspace.toString());
        m.put("public_key", r.publicKey());
        m.put("fingerprint", r.fingerprint());
        m.put("id", r.id());
        m.put("since", r.since());
        String text = FileIO.GSON.toJson(m) + "\n";
        FileIO.writeAtomically(publishedFile(), text);
        FileIO.writeAtomically(pinFile(), text);
        return r;
    }

    private static Registration readRegistration(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            Registration r = new Registration(o.get("public_key").getAsString(), o.get("fingerprint").getAsString(),
                    o.get("id").getAsString(), o.get("since").getAsLong());
            if (!fingerprint(r.key()).equals(r.fingerprint())) {
                throw EnclaveException.badInput(file + ": the fingerprint does not match the public key.");
            }
            return r;
        } catch (IOException | JsonParseException | IllegalStateException | NullPointerException
                | UnsupportedOperationException | NumberFormatException e) {
            throw EnclaveException.badInput(file + " is damaged (" + e.getMessage()
                    + "); restore it from a backup: the audit log's signatures cannot be checked without it.");
        }
    }

    static PublicKey decodePublic(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw EnclaveException.badInput("Not an Ed25519 public key: " + e.getMessage());
        }
    }

    /** Loads the key file, creating it under a lock when missing; {@code needPrivate} decrypts the private key. */
    private void load(boolean needPrivate) {
        Path file = keyFile();
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!FORMAT.equals(o.get("format").getAsString())) {
                throw new IllegalStateException("unknown format " + o.get("format"));
            }
            publicKey = decodePublic(o.get("public_key").getAsString());
            if (!needPrivate) {
                return;
            }
            byte[] pkcs8;
            if (o.has("private_key")) {
                pkcs8 = Base64.getDecoder().decode(o.get("private_key").getAsString());
            } else {
                if (passphrase == null) {
                    throw EnclaveException.badInput("The audit key " + file + " is protected by a passphrase: set "
                            + PASSPHRASE_ENV + " to it before running Enclave.");
                }
                pkcs8 = decrypt(o);
            }
            privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            Arrays.fill(pkcs8, (byte) 0);
        } catch (IOException | JsonParseException | IllegalStateException | NullPointerException
                | UnsupportedOperationException | IllegalArgumentException | GeneralSecurityException e) {
            throw EnclaveException.badInput("The audit key " + file + " cannot be used (" + e.getMessage()
                    + "). Restore it from a backup; if the passphrase is wrong, set " + PASSPHRASE_ENV
                    + " to the right one.");
        }
    }

    private void create(Path file) throws IOException, GeneralSecurityException {
        FileIO.createPrivateDirectories(folder);
        Path lock = FileIO.createPrivateFile(folder.resolve(".lock"));
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock held = ch.lock()) {
            if (Files.exists(file)) {
                return; // another process created it meanwhile
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", FORMAT);
            m.put("public_key", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            if (passphrase == null) {
                m.put("private_key", Base64.getEncoder().encodeToString(pkcs8));
            } else {
                encrypt(pkcs8, m);
            }
            FileIO.writeAtomically(file, FileIO.GSON.toJson(m) + "\n");
        }
    }

    private void encrypt(byte[] plain, Map<String, Object> into) throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[16];
        byte[] iv = new byte[12];
        random.nextBytes(salt);
        random.nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, derive(salt), new GCMParameterSpec(128, iv));
        Base64.Encoder b64 = Base64.getEncoder();
        into.put("kdf", "PBKDF2WithHmacSHA256/" + ITERATIONS);
        into.put("salt", b64.encodeToString(salt));
        into.put("iv", b64.encodeToString(iv));
        into.put("private_key_encrypted", b64.encodeToString(c.doFinal(plain)));
    }

    private byte[] decrypt(JsonObject o) throws GeneralSecurityException {
        Base64.Decoder b64 = Base64.getDecoder();
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, derive(b64.decode(o.get("salt").getAsString())),
                new GCMParameterSpec(128, b64.decode(o.get("iv").getAsString())));
        try {
            return c.doFinal(b64.decode(o.get("private_key_encrypted").getAsString()));
        } catch (javax.crypto.AEADBadTagException e) {
            throw EnclaveException.badInput("The passphrase in " + PASSPHRASE_ENV + " does not open the audit key "
                    + keyFile() + ".");
        }
    }

    private SecretKeySpec derive(byte[] salt) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, ITERATIONS, 256);
        byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        spec.clearPassword();
        return new SecretKeySpec(key, "AES");
    }
}
