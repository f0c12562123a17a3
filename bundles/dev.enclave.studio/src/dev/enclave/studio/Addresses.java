package dev.enclave.studio;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Street addresses in Chinese text for {@link PiiMasker}: a road and house number (…路/街/大道/巷/弄
 * …号) is the anchor; the address reaches left over the places before it (省, 市, 区, 县, 镇, 园区 …)
 * up to punctuation or a word that introduces it (地址, 住在, 位于, 至 …), and right over building,
 * unit, floor and room (…号楼 …单元 …层 …室). A place alone (上海市浦东新区) is not an address and
 * stays. Bounded patterns: linear in the text's length.
 */
final class Addresses {
    private static final Pattern ANCHOR = Pattern.compile(
            "(?:路|街|大街|大道|道|巷|弄|胡同|里)(?:[0-9一二三四五六七八九十]{1,3}段)?[0-9０-９]{1,5}(?:[-－][0-9]{1,4})?号");
    private static final Pattern DETAIL = Pattern.compile(
            "(?:[\\u4e00-\\u9fa5]{0,8}?[0-9０-９A-Za-z一二三四五六七八九十]{1,5}(?:号楼|楼|栋|幢|座|单元|层|室|号|号院)){1,4}");
    /** Characters before an address that are not part of it (它们引出地址). */
    private static final String BEFORE = "的在于至为是住址到往寄送收从向";
    private static final int MAX_LEFT = 30;

    private Addresses() {
    }

    /** The addresses in {@code text} as {@code [start, end)} pairs. */
    static List<int[]> find(String text) {
        List<int[]> out = new ArrayList<>();
        Matcher m = ANCHOR.matcher(text);
        int last = 0;
        while (m.find()) {
            int s = m.start();
            int limit = Math.max(last, s - MAX_LEFT);
            while (s > limit) {
                char c = text.charAt(s - 1);
                boolean part = c >= 0x4e00 && c <= 0x9fa5 || Character.isLetterOrDigit(c);
                if (!part || BEFORE.indexOf(c) >= 0) {
                    break;
                }
                s--;
            }
            if (m.start() - s < 2) {
                // A road needs a name: 路12号 alone is not an address.
                continue;
            }
            int e = m.end();
            Matcher d = DETAIL.matcher(text).region(e, Math.min(text.length(), e + 40));
            if (d.lookingAt()) {
                e = d.end();
            }
            out.add(new int[] { s, e });
            last = e;
        }
        return out;
    }
}
