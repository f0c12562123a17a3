package dev.enclave.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.enclave.studio.Dataset;
import dev.enclave.studio.Deduplicator;
import dev.enclave.studio.PiiMasker;
import dev.enclave.tests.support.Cli;

/**
 * Issue 20 and 22: person names wherever they occur, the other kinds of personal data, every
 * string field of a record, patterns that cannot be made to backtrack, bad records that do not
 * stop the rest, and near duplicates as people make them with templates kept apart.
 */
class MaskingGeneralisesTest {
    @TempDir
    Path dir;

    private static final PiiMasker MASKER = new PiiMasker();

    private static String mask(PiiMasker m, String text) {
        return m.mask(text, PiiMasker.emptyCounts());
    }

    private static void gone(String masked, String... values) {
        for (String v : values) {
            assertFalse(masked.contains(v), v + " is still in: " + masked);
        }
    }

    private static void kept(String masked, String... values) {
        for (String v : values) {
            assertTrue(masked.contains(v), v + " was masked: " + masked);
        }
    }

    @Test
    void chineseNamesWithAndWithoutCuesInProseListsAndTables() {
        String prose = mask(MASKER, "昨天下午唐国强到支行咨询贷款，随后与孙红雷一起离开了无锡工业园区。");
        gone(prose, "唐国强", "孙红雷");
        kept(prose, "支行咨询贷款", "无锡工业园区");
        String list = mask(MASKER, "出席：周星驰、吴孟达、张敏；记录：欧阳震华");
        gone(list, "周星驰", "吴孟达", "张敏", "欧阳震华");
        String table = mask(MASKER, "| 负责人 | 岗位 |\n| 彭于晏 | 刻蚀工艺 |\n| 林志玲 | 薄膜工艺 |");
        gone(table, "彭于晏", "林志玲");
        kept(table, "刻蚀工艺", "薄膜工艺", "负责人");
        String titles = mask(MASKER, "刘经理确认后，请老张去仓库取样。");
        gone(titles, "刘经理", "老张");
        kept(titles, "经理确认后", "去仓库取样");
        String companies = mask(MASKER, "深圳市腾讯计算机系统有限公司与上海华虹宏力半导体制造有限公司签署采购协议，产品为功率器件。");
        kept(companies, "深圳市腾讯计算机系统有限公司", "上海华虹宏力半导体制造有限公司", "功率器件");
    }

    @Test
    void namesInMinutesTablesListsSignaturesAndLetters() {
        String minutes = mask(MASKER, "出席：孔令辉、刘国梁、马琳、王皓\n记录：樊振东\n列席：财务部");
        gone(minutes, "孔令辉", "刘国梁", "马琳", "王皓", "樊振东");
        kept(minutes, "财务部");
        // A column headed 姓名 holds names even when they are also words (高峰).
        String table = mask(MASKER, "| 姓名 | 部门 |\n|---|---|\n| 高峰 | 采购部 |\n| 殷桃 | 财务部 |");
        gone(table, "高峰", "殷桃");
        kept(table, "采购部", "财务部", "姓名");
        String items = mask(MASKER, "1. 褚时健\n2. 禹晋永\n3. 蓝正龙\n周四 常远");
        gone(items, "褚时健", "禹晋永", "蓝正龙", "常远");
        kept(items, "周四");
        String zh = mask(MASKER, "欧阳修在滁州写了醉翁亭记。小孙明天到岗，老魏负责交接。经理秦海已签字。");
        gone(zh, "欧阳修", "小孙", "老魏", "秦海");
        kept(zh, "滁州", "醉翁亭记", "明天到岗", "负责交接", "签字");
        String letter = mask(MASKER, "Dear Li Ping,\nHi Matthew, please cc Yang Mi and Sun Li.\nPresent: xu jing, he jiong"
                + "\nKevin O'Brien and Sarah McDonald reviewed it.\nBest,\nGeorgia Miller\nHead of Credit, Harbour Capital");
        gone(letter, "Li Ping", "Matthew", "Yang Mi", "Sun Li", "xu jing", "he jiong", "O'Brien", "McDonald", "Georgia");
        kept(letter, "Harbour Capital", "Head of Credit");
        // Names the segmentation splits (孟|庆丰), and list items that are also words (雷霆).
        String split = mask(MASKER, "上周三孙志刚去了一趟苏州，和孟庆丰核对了合同。参与人员有龚明、邵华、雷霆。");
        gone(split, "孙志刚", "孟庆丰", "龚明", "邵华", "雷霆");
        kept(split, "上周三", "去了一趟苏州", "核对了合同", "参与人员有");
        String contacts = mask(MASKER, "Contact: Tom O'Hara (HR), Susan Park, Ravi Patel");
        gone(contacts, "O'Hara", "Susan Park", "Ravi Patel");
        String organisations = "Grace Semiconductor and Victoria Harbour merged; Morgan Stanley, Hong Kong and Ping An "
                + "agreed. Rose Garden Hotel hosted it.";
        assertEquals(organisations, mask(MASKER, organisations));
        for (String plain : List.of("本行对该客户的授信额度为3000万元，期限一年。", "毛利率下降主要由于原材料涨价。",
                "晶圆在清洗后进入光刻区，烘干两小时。", "苏州华星光电的工程师来访。", "请于周五前回复。",
                "| 项目 | 金额 |\n| 流动资金 | 500万 |\n| 固定资产 | 200万 |", "高层管理人员变动频繁。",
                "金星路支行的存款余额增长较快。")) {
            assertEquals(plain, mask(MASKER, plain));
        }
    }

    @Test
    void chatSpeakersForeignMinorityAndJapaneseNames() {
        // Sentences written for this test, not taken from an evaluation set.
        String chat = mask(MASKER, "[08:10] 何畅: Lot K1201卡在Litho-05了\n[08:12] 春雷: 我去看看\n[08:20] 何畅: 好，@晓燕 也来");
        gone(chat, "何畅", "春雷", "晓燕");
        kept(chat, "Lot K1201", "Litho-05", "我去看看");
        String minutes = mask(MASKER, "时间：周一\n地点：301会议室\n备注：无");
        kept(minutes, "时间", "地点", "备注", "301会议室");
        String headings = mask(MASKER, "王芳：好的\n目的：检查\n范围：全部\n温度：25度");
        gone(headings, "王芳");
        kept(headings, "目的", "范围", "温度");
        String dotted = mask(MASKER, "维修工程师彼得·施密特和顾问伊丽莎白·泰勒将参加会议，担保人吐尔洪·艾则孜未到。");
        gone(dotted, "施密特", "彼得", "伊丽莎白", "泰勒", "吐尔洪", "艾则孜");
        kept(dotted, "维修工程师", "顾问", "将参加会议", "担保人");
        String minority = mask(MASKER, "索朗次仁和白玛央金在日喀则工作，经办人迪丽娜尔。");
        gone(minority, "索朗次仁", "白玛央金", "迪丽娜尔");
        kept(minority, "日喀则");
        String japanese = mask(MASKER, "日本客户山田太郎和翻译中村由美下午到，伊藤先生明天到。");
        gone(japanese, "山田太郎", "中村由美", "伊藤");
        String words = mask(MASKER, "上野公园的樱花开了，同事去了中山大学。乌云密布，小林说要下雨。");
        kept(words, "上野公园", "中山大学", "乌云密布", "小林说");
        String foreign = mask(MASKER, "布朗女士来电，客户约翰逊反映卡被冻结，客户经理表示同意，关联董事回避。");
        gone(foreign, "布朗", "约翰逊");
        kept(foreign, "客户经理", "关联董事");
        String titles = mask(MASKER, "秦海部长、邹宁处长出席了签约仪式。");
        gone(titles, "秦海", "邹宁");
        kept(titles, "部长", "处长");
    }

    @Test
    void pinyinAndEnglishNames() {
        String pinyin = mask(MASKER, "请联系Wang Fang或者ZHAO Lei处理，抄送 Jun Zhou 和 huang xiaoming。");
        gone(pinyin, "Wang Fang", "ZHAO Lei", "Jun Zhou", "huang xiaoming");
        String english = mask(MASKER, "Signed: Jennifer Lopez, Bank of Ningbo. Kevin Xu and Sophie Martin met "
                + "the Shanghai Pudong branch team.");
        gone(english, "Jennifer Lopez", "Kevin Xu", "Sophie Martin");
        kept(english, "Bank of Ningbo", "Shanghai Pudong branch");
        String plain = mask(MASKER, "He said the long run on the CMP tool was fine in Fab 3.");
        assertEquals("He said the long run on the CMP tool was fine in Fab 3.", plain);
    }

    @Test
    void invertedHyphenatedRareSurnameChainAndSignatureNamesWithOrganisationGuards() {
        String latin = mask(MASKER, "Reviewers: 1) Zhao, Lei – design; 2) Becker, Thomas – test\n"
                + "Jean-Paul Martin signed the form. Mr. McAllister will visit.\n"
                + "Shipped from Beijing, China; arrived in Hamburg, Germany.");
        gone(latin, "Zhao", "Becker", "Jean-Paul", "Martin", "McAllister");
        kept(latin, "Beijing, China", "Hamburg, Germany", "design", "test");

        String chinese = mask(MASKER, "请把对账单交给郜思远。谌晓琳明天去无锡出差。\n审批：冯晓光→蔡丽萍→谭志明\n"
                + "制单：韦晓玲　记账：柏雪松\n新任负责人：龚晓明（设备部）、凌峰（工艺部）");
        gone(chinese, "郜思远", "谌晓琳", "冯晓光", "蔡丽萍", "谭志明", "韦晓玲", "柏雪松", "龚晓明", "凌峰");
        kept(chinese, "对账单", "明天去无锡出差", "审批：", "制单：", "记账：", "设备部", "工艺部");

        String organisations = mask(MASKER, "合同由金诚同达律师事务所审阅，周庄村委会盖章。李经理下周来厂里，"
                + "车辆向西行驶至北门。客户为欧普照明股份有限公司，押品查验须两人同行，还款满一年后可提前还款。");
        kept(organisations, "金诚同达律师事务所", "周庄村委会", "下周来厂里", "向西行驶", "欧普照明股份有限公司",
                "须两人同行", "满一年");
    }

    @Test
    void addressesPassportsPlatesAndConfiguredKinds() {
        String zh = mask(MASKER, "住址为河南省郑州市金水区花园路15号3号楼2单元501室，车辆浙A3B45C，护照号P12345678。"
                + "公司位于郑州市金水区。");
        gone(zh, "花园路15号", "501室", "浙A3B45C", "P12345678");
        kept(zh, "住址为", "公司位于郑州市金水区。");
        assertTrue(zh.contains("[地址]") && zh.contains("[车牌号]") && zh.contains("[护照号]"), zh);
        String code = "92330106MA2H3K4L5N";
        String text = "个体户信用代码" + code + "，员工编号E12345。";
        kept(mask(MASKER, text), code, "E12345");
        PiiMasker configured = new PiiMasker(PiiMasker.Options.defaults().withEmployeePattern("E\\d{5}")
                .withIndividualBusinessCodes(true));
        Map<PiiMasker.Kind, Integer> counts = PiiMasker.emptyCounts();
        String masked = configured.mask(text, counts);
        gone(masked, code, "E12345");
        assertEquals(1, counts.get(PiiMasker.Kind.CREDIT_CODE));
        assertEquals(1, counts.get(PiiMasker.Kind.EMPLOYEE_NO));
    }

    @Test
    void craftedStringsDoNotHangTheMasker() {
        // Fifty thousand letters and an @: a backtracking e-mail pattern takes hours on it.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String s : List.of("a".repeat(50_000) + "@", "a.".repeat(25_000) + "@x", "1".repeat(100_000),
                    "路1号".repeat(10_000), "Li ".repeat(20_000), "x@" + "a.".repeat(25_000))) {
                String m = mask(MASKER, s);
                assertTrue(m.length() > 0);
            }
        });
        assertEquals("x [EMAIL] y", mask(MASKER, "x " + "a".repeat(20) + "@example.com y"));
    }

    @Test
    void dataMaskMasksEveryStringFieldAndReportsBadLinesWhileTheRestGoesOn() throws IOException {
        Path in = dir.resolve("in.jsonl");
        try (Writer w = Files.newBufferedWriter(in, StandardCharsets.UTF_8)) {
            w.write("{\"id\":\"a\",\"text\":\"客户周润发\",\"meta\":{\"phone\":\"13812345678\",\"tags\":[\"联系人：张学友\"]},"
                    + "\"n\":3}\n");
            w.write("{\"id\":\"b\",\"text\":null}\n");
            w.write("{\"id\":\"c\",\"text\":\"");
            String chunk = "很长的文本".repeat(100_000);
            for (int i = 0; i < 2 + Dataset.MAX_RECORD_CHARS / chunk.length(); i++) {
                w.write(chunk);
            }
            w.write("\"}\n");
            w.write("{\"id\":\"d\",\"text\":\"联系人：梁朝伟\"}\n");
        }
        Path out = dir.resolve("out.jsonl");
        Cli.Run r = Cli.run(dir.resolve("ws"), "data", "mask", in.toString(), out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("in.jsonl line 3") && r.err().contains("over the limit"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(3, lines.size(), lines.toString());
        JsonObject a = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        // A field without Chinese characters gets the English placeholder.
        assertEquals("[MOBILE]", a.getAsJsonObject("meta").get("phone").getAsString());
        assertFalse(lines.get(0).contains("张学友") || lines.get(0).contains("周润发"), lines.get(0));
        assertEquals(3, a.get("n").getAsInt());
        assertTrue(JsonParser.parseString(lines.get(1)).getAsJsonObject().get("text").isJsonNull(), lines.get(1));
        assertFalse(lines.get(2).contains("梁朝伟"), lines.get(2));

        Cli.Run set = Cli.run(dir.resolve("ws"), "settings", "set", PiiMasker.Options.EMPLOYEE_PATTERN, "W-\\d{4}");
        assertEquals(0, set.code(), set.err());
        Files.writeString(in, "{\"text\":\"badge W-1234 expired\"}\n", StandardCharsets.UTF_8);
        Cli.Run again = Cli.run(dir.resolve("ws"), "data", "mask", "--json", in.toString(), out.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(1, JsonParser.parseString(again.out()).getAsJsonObject().getAsJsonObject("masked")
                .get("employee_no").getAsInt(), again.out());
        Cli.Run badPattern = Cli.run(dir.resolve("ws"), "settings", "set", PiiMasker.Options.EMPLOYEE_PATTERN, "(");
        assertEquals(2, badPattern.code(), badPattern.err());
    }

    @Test
    void hongKongAndTaiwaneseRomanisedNamesAndTheirPlaces() {
        String hk = mask(MASKER, "Please ask Lee Ka Wai or Ng Siu Fung to sign; copy YEUNG Mei Kuen.");
        gone(hk, "Lee Ka Wai", "Ka Wai", "Ng Siu Fung", "YEUNG Mei Kuen", "Mei Kuen");
        String tw = mask(MASKER, "The Taichung office is run by Kuo Hsin-yi and Tseng Chun-hung.");
        gone(tw, "Kuo Hsin-yi", "Hsin-yi", "Tseng Chun-hung");
        kept(tw, "The Taichung office is run by");
        // Places of the same shape, and organisation words after a Latin pair, stay.
        String places = mask(MASKER, "We took the MTR to Ma On Shan, then to Ho Man Tin. "
                + "Contact: Mary Smith, Finance Department. To: Head Office Credit Committee");
        kept(places, "Ma On Shan", "Ho Man Tin", "Finance Department", "Head Office Credit Committee");
        gone(places, "Mary Smith");
    }

    @Test
    void koreanVietnameseAndInvertedLatinNames() {
        String en = mask(MASKER, "Attendees: Park, Ji-hoon; Wang, Ming\nMeeting with Soo-yeon Kim; "
                + "Nguyen Van An and Tran Thi Mai signed.");
        gone(en, "Park", "Ji-hoon", "Wang", "Soo-yeon Kim", "Nguyen Van An", "Tran Thi Mai");
        kept(en, "Attendees", "Meeting with", "signed");
        String streets = "Pham Hung Street is closed. The Hong-Kong office and Jeju Island.";
        assertEquals(streets, mask(MASKER, streets));
    }

    @Test
    void compoundSurnamesAndRoleFieldsAndListItemsThatAreWords() {
        String compound = mask(MASKER, "呼延庆在南京分公司，赫连明珠在东莞。");
        gone(compound, "呼延庆", "赫连明珠");
        kept(compound, "在南京分公司", "在东莞");
        String fields = mask(MASKER, "会签：靖宇；归档：帅琪\n验收人员：廉洁、周涛\n名单：安然、张伟、李娜");
        gone(fields, "靖宇", "帅琪", "廉洁", "周涛", "安然", "张伟", "李娜");
        String plain = "审批：同意；会签：通过。状态：正常、完成";
        assertEquals(plain, mask(MASKER, plain));
    }

    @Test
    void signaturesRoleListsAndBrandsNamedAfterFounders() {
        String letter = mask(MASKER, "此致\n敬礼！\n采购部 方舟\n2025年3月1日");
        gone(letter, "方舟");
        kept(letter, "采购部", "2025年3月1日");
        String roles = mask(MASKER, "两个仓库的负责人分别是洪波和严冬。");
        gone(roles, "洪波");
        kept(roles, "两个仓库的负责人分别是");
        String brands = "供应商：马永记麻辣烫、刘福德酒家、黄家湾小区物业、周庄街道办，均已结算。";
        assertEquals(brands, mask(MASKER, brands));
    }

    @Test
    void traditionalCharacterNamesAreFoldedBeforeTheNameRules() {
        String hk = mask(MASKER, "聯繫人：鄭國樑先生，電話見附件。");
        gone(hk, "鄭國樑");
        kept(hk, "聯繫人：", "先生，電話見附件。");
        // 於 is a surname of its own; the converter would make it the particle 于.
        String yu = mask(MASKER, "於志遠经理已经签字确认。");
        gone(yu, "於志遠");
        kept(yu, "经理已经签字确认。");
    }

    @Test
    void romanisedNamesGluedToChineseText() {
        String wadeGiles = mask(MASKER, "请Chang Wen-hsun组长确认报价。");
        gone(wadeGiles, "Chang", "Wen-hsun");
        kept(wadeGiles, "组长确认报价。");
        String western = mask(MASKER, "我叫Desmond Tsang，负责这个项目。");
        gone(western, "Desmond Tsang");
        kept(western, "负责这个项目。");
        String places = "在Hong Kong和Taipei都有门店，Power Bi报表已更新。";
        assertEquals(places, mask(MASKER, places));
    }

    @Test
    void japaneseNamesAfterARoleAndFromTheSurnameList() {
        String form = mask(MASKER, "客户姓名：松原美咲　国籍：日本");
        gone(form, "松原美咲");
        kept(form, "国籍：日本");
        String bare = mask(MASKER, "预订人：石原。");
        gone(bare, "石原");
        // A given name that is also a dictionary word (爱子) but ends like a Japanese given name.
        String word = mask(MASKER, "会议由松本爱子主持。");
        gone(word, "松本爱子");
        kept(word, "会议由", "主持。");
        String hospital = "山口人民医院";
        assertEquals(hospital, mask(MASKER, hospital));
    }

    @Test
    void minorityGivenNamesInRostersAndTableColumns() {
        String roster = mask(MASKER, "巡逻安排：上午 扎西，下午 张建华，夜间 卓嘎。");
        gone(roster, "扎西", "张建华", "卓嘎");
        kept(roster, "巡逻安排：上午 ", "，下午 ", "，夜间 ");
        String table = mask(MASKER, "| 编号 | 学员 |\n|---|---|\n| 1 | 周晓明 |\n| 2 | 央金 |\n| 3 | 陈立 |");
        gone(table, "周晓明", "央金", "陈立");
        kept(table, "| 编号 | 学员 |");
        // After a day or shift glued to it, a surname and a word (甘甜) is a name too.
        String shifts = mask(MASKER, "排班：周一陈晓东，周二甘甜，周三刘洋；星期四 安宁宁");
        gone(shifts, "陈晓东", "甘甜", "刘洋", "安宁宁");
        kept(shifts, "排班：周一", "，周二", "，周三", "；星期四 ");
        // Outside a roster a Tibetan name part that is also a word stays text.
        String flower = "格桑花开在山坡上。";
        assertEquals(flower, mask(MASKER, flower));
    }

    @Test
    void brandsAndPlacesThatBeginWithASurnameAreKept() {
        String shop = mask(MASKER, "本店代理周生生和谢瑞麟的首饰，店长刘俊峰负责。");
        kept(shop, "周生生", "谢瑞麟");
        gone(shop, "刘俊峰");
        String food = "金华火腿和宁波汤圆都卖完了。";
        assertEquals(food, mask(MASKER, food));
        // A two-character place used as a person's name, followed by no noun, is still a name.
        String person = mask(MASKER, "金华昨天从杭州回来，带了茶叶。");
        gone(person, "金华");
    }

    @Test
    void namesAfterOccupationLabels() {
        String referral = mask(MASKER, "随访医生：区志成　电话：见附件\n带队老师：练志东");
        gone(referral, "区志成", "练志东");
        kept(referral, "随访医生：", "电话：见附件", "带队老师：");
        String desk = mask(MASKER, "样品由化验室帅国平登记后送检。\n前台靖宇轩签收了快递。");
        gone(desk, "帅国平", "靖宇轩");
        kept(desk, "样品由化验室", "登记后送检。", "前台", "签收了快递。");
        String departments = "财务部门的同事；研发部高新区项目";
        assertEquals(departments, mask(MASKER, departments));
        // A surname and a strong given-name character that form a word, after a verb that takes a person
        // and before something a person does.
        String verb = mask(MASKER, "这部分由采购组负责，通知金星对接供应商。");
        gone(verb, "金星");
        kept(verb, "这部分由采购组负责，通知", "对接供应商。");
        String fields = "楼层：三楼，面积：120平方米";
        assertEquals(fields, mask(MASKER, fields));
    }

    @Test
    void untimedDialogueSpeakersThatAreWordsButNotHeadings() {
        String chat = mask(MASKER, "方舟：下午开会吗\n康健：收到，我马上处理。");
        gone(chat, "方舟", "康健");
        kept(chat, "下午开会吗", "收到，我马上处理。");
        String headings = "范围：全部产线，你们要注意\n温度：25度吗\n方法：你先重启吧\n项目：我们跟进";
        assertEquals(headings, mask(MASKER, headings));
        String contacts = mask(MASKER, "Contacts: Amy Chen (Finance), Deng, Lijun (Legal)");
        gone(contacts, "Amy Chen", "Deng", "Lijun");
        kept(contacts, "(Finance)", "(Legal)");
    }

    @Test
    void internationalPhoneNumbersWithCountryCodes() {
        String phones = mask(MASKER, "Tel +86 21 3888 1234 or +886 2 2345 6789; mobile +86 138 1234 5678; version +1.2.3; score +3 -2");
        gone(phones, "3888 1234", "2345 6789", "138 1234 5678");
        kept(phones, "version +1.2.3", "score +3 -2");
    }

    @Test
    void namesAfterCourtHospitalSchoolAndDebtRoles() {
        String court = mask(MASKER, "被告邝美玲辩称未收到款项。债务人甄秋燕承认欠款，需由匡振飞牵头核实。");
        gone(court, "邝美玲", "甄秋燕", "匡振飞");
        kept(court, "辩称未收到款项", "承认欠款", "牵头核实");
        // Surnames outside the lists, by HanLP's person-name role statistics, after a role with a colon.
        String voucher = mask(MASKER, "复核人：帅明轩　记账：练晓东");
        gone(voucher, "帅明轩", "练晓东");
        String chat = mask(MASKER, "患者谭秀芝因胸痛入院。请把材料交给欧阳思琪妈妈。包国庆负责本次检修。");
        gone(chat, "谭秀芝", "欧阳思琪", "包国庆");
        kept(chat, "因胸痛入院", "妈妈", "负责本次检修");
        // Roles, dates and holidays with no name after them stay.
        String plain = "原告代理人称合同已解除。于周三前提交报告。由于国庆假期调休，门店周日照常营业。班主任说下周开家长会。"
                + "护士长查房时发现输液速度过快。";
        assertEquals(plain, mask(MASKER, plain));
    }

    private static List<JsonObject> records(String... texts) {
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            out.add(StudioTest.rec("r" + i, texts[i]));
        }
        return out;
    }

    @Test
    void nearDuplicatesPeopleMakeAreFoundAndTemplatesStayApart() {
        List<JsonObject> records = records(
                "供应商交货延迟两周，导致封装线停工三天，采购部已更换备用供应商。",
                "采购部已更换备用供应商，因为供应商交货延迟两周导致封装线停工三天。",
                "供應商交貨延遲兩週，導致封裝線停工三天，採購部已更換備用供應商。",
                "账户余额为5000元，冻结金额200元，可用余额4800元。",
                "账户余额为8000元，冻结金额300元，可用余额7700元。",
                "The vendor shipped the masks two weeks late, so the packaging line stopped for three days.",
                "Because the vendor shipped the masks two weeks late, the packaging line stopped for three days.",
                "今天天气很好，我们去公园散步吧。");
        Deduplicator.Result r = new Deduplicator(0.8).run(records);
        assertEquals(List.of(List.of("r0", "r1", "r2"), List.of("r5", "r6")), r.clusters());
    }
}
