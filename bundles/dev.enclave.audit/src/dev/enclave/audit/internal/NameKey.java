package dev.enclave.audit.internal;

/**
 * The key under which a name is the same party across reports: full-width folded, blanks,
 * brackets and punctuation removed (泰州海润（船舶）配件 = 泰州海润(船舶)配件 = 泰州海润船舶配件;
 * "Co., Ltd." = "Co. Ltd"), lower case, and the legal form (有限公司, 股份有限公司, Co., Ltd.,
 * Limited, Inc. …) dropped, so that 江阴澄宇新材料有限公司 and 江阴澄宇新材料股份有限公司 meet.
 */
public final class NameKey {
    private NameKey() {
    }

    /** Characters that do not tell two names apart: quotes, brackets and punctuation. */
    private static final String IGNORED = "\"“”'‘’()（）[]【】〔〕.,，、·";

    /** The resolution key of {@code name}. */
    public static String of(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = NormalizedText.fold(name.charAt(i));
            if (!Character.isWhitespace(c) && IGNORED.indexOf(c) < 0) {
                sb.append(Character.toLowerCase(c));
            }
        }
        String s = sb.toString();
        for (String suffix : new String[] { "股份有限公司", "有限责任公司", "有限公司", "股份公司", "公司", "companylimited",
                "colimited", "coltd", "limited", "ltd", "incorporated", "inc", "corporation", "corp", "company", "co" }) {
            if (s.endsWith(suffix) && s.length() > suffix.length() + 1) {
                s = s.substring(0, s.length() - suffix.length());
                break;
            }
        }
        return s;
    }
}
