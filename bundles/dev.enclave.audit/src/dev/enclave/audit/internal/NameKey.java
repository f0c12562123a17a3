package dev.enclave.audit.internal;

/**
 * The key under which a name is the same party across reports: full-width folded, blanks
 * removed, brackets unified and the legal form (有限公司, 股份有限公司 …) dropped.
 */
public final class NameKey {
    private NameKey() {
    }

    /** The resolution key of {@code name}. */
    public static String of(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = NormalizedText.fold(name.charAt(i));
            if (!Character.isWhitespace(c) && c != '"' && c != '“' && c != '”') {
                sb.append(Character.toLowerCase(c));
            }
        }
        String s = sb.toString();
        for (String suffix : new String[] { "股份有限公司", "有限责任公司", "有限公司", "股份公司", "公司" }) {
            if (s.endsWith(suffix) && s.length() > suffix.length() + 1) {
                s = s.substring(0, s.length() - suffix.length());
                break;
            }
        }
        return s;
    }
}
