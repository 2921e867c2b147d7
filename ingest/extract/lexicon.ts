/**
 * General lexicons of the genre. Nothing here is taken from the evaluation articles: surnames are the
 * common Han surnames (Hundred Family Surnames order of modern frequency), titles are the standard posts
 * of Party, government, congress, CPPCC and enterprise hierarchies.
 */

/** Common single-character surnames (about 400, the long tail of modern usage). */
export const SINGLE_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由赖洪阎萧竺钮宓邴郦隗缑税习旷'.split(
    '',
  );

export const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
  '西门',
  '南宫',
  '轩辕',
  '呼延',
  '独孤',
  '万俟',
  '闻人',
  '澹台',
  '申屠',
];

export const SURNAME_SET = new Set(SINGLE_SURNAMES);

/**
 * Post titles, longest first when matched. A title ends a segment of a title chain
 * (`株洲市委副书记、市长NAME`). `enterprise` marks the posts that make a person an employee, not an official.
 */
const OFFICIAL_TITLES = [
  '总书记',
  '国家主席',
  '国务院总理',
  '总理',
  '副总理',
  '书记',
  '副书记',
  '常务副书记',
  '省长',
  '副省长',
  '常务副省长',
  '市长',
  '副市长',
  '常务副市长',
  '区长',
  '副区长',
  '县长',
  '副县长',
  '州长',
  '副州长',
  '镇长',
  '副镇长',
  '乡长',
  '副乡长',
  '村长',
  '主任',
  '副主任',
  '常务副主任',
  '主席',
  '副主席',
  '部长',
  '副部长',
  '厅长',
  '副厅长',
  '局长',
  '副局长',
  '处长',
  '副处长',
  '科长',
  '副科长',
  '主委',
  '副主委',
  '代表',
  '委员',
  '常委',
  '秘书长',
  '副秘书长',
  '秘书',
  '负责人',
  '组长',
  '副组长',
  '队长',
  '副队长',
  '院长',
  '副院长',
  '检察长',
  '副检察长',
  '审判员',
  '检察员',
  '庭长',
  '所长',
  '站长',
  '巡视员',
  '调研员',
  '督查专员',
  '专员',
  '政委',
  '司令员',
  '主任委员',
  '党组成员',
  '旗长',
  '盟长',
  '校长',
  '副校长',
];

const ENTERPRISE_TITLES = [
  '董事长',
  '副董事长',
  '总经理',
  '副总经理',
  '经理',
  '副经理',
  '总裁',
  '副总裁',
  '总监',
  '首席执行官',
  '创始人',
  '总工程师',
  '工程师',
  '董事',
  '监事',
  '厂长',
  '副厂长',
  '行长',
  '副行长',
  '合伙人',
  '店长',
  '博士',
  '教授',
  '研究员',
  '专家',
  // Of a cooperative or an association (合作社理事长): not a public post.
  '理事长',
  '副理事长',
];

export interface TitleWord {
  word: string;
  enterprise: boolean;
}

export const TITLE_WORDS: TitleWord[] = [
  ...OFFICIAL_TITLES.map((word) => ({ word, enterprise: false })),
  ...ENTERPRISE_TITLES.map((word) => ({ word, enterprise: true })),
].sort((a, b) => b.word.length - a.word.length);

/** A node of the title words read backwards: the children by code unit, the title that ends here. */
interface TitleNode {
  next: Map<number, TitleNode>;
  word: string | null;
}

/**
 * The title words spelled backwards from their last unit: titleEndingAt walks left from `end` without
 * slicing and hashing a string for every length (it runs for every title and every short place form).
 */
const TITLES_BACKWARDS: TitleNode = { next: new Map(), word: null };
for (const { word } of TITLE_WORDS) {
  let node = TITLES_BACKWARDS;
  for (let k = word.length - 1; k >= 0; k--) {
    const c = word.charCodeAt(k);
    let child = node.next.get(c);
    if (!child) {
      child = { next: new Map(), word: null };
      node.next.set(c, child);
    }
    node = child;
  }
  node.word = word;
}

/** The longest title of TITLE_WORDS that ends at `end` of `text`, or null. */
export function titleEndingAt(text: string, end: number): string | null {
  let node: TitleNode | undefined = TITLES_BACKWARDS;
  let longest: string | null = null;
  for (let k = end - 1; k >= 0; k--) {
    node = node.next.get(text.charCodeAt(k));
    if (!node) break;
    if (node.word !== null) longest = node.word;
  }
  return longest;
}

/** Organisation words that make a title chain governmental even when the title is generic (主任, 负责人). */
export const GOV_ORG_HINTS = [
  '党委',
  '党工委',
  '工委',
  '党组',
  '党支部',
  '支部',
  '人大',
  '政协',
  '政府',
  '管委会',
  '委员会',
  '村委会',
  '居委会',
  '纪委',
  '监委',
  '市委',
  '县委',
  '区委',
  '省委',
  '州委',
  '镇委',
  '乡委',
  '局',
  '厅',
  '办公室',
  '专班',
  '常委会',
  '民进',
  '民盟',
  '民建',
  '九三',
  '致公',
  '农工',
  '台盟',
  '民革',
  '统战部',
  '组织部',
  '宣传部',
  '人民',
  '法院',
  '检察院',
  '公安',
];

/** Roles that introduce bylines. */
export const BYLINE_ROLES = [
  '作者',
  '记者',
  '编辑',
  '责编',
  '责任编辑',
  '通讯员',
  '摄影',
  '摄',
  '图',
  '文',
  '审核',
  '二审',
  '三审',
  '一审',
  '校对',
  '编审',
  '主编',
  '策划',
  '统筹',
  '制作',
  '实习生',
];

/**
 * Words for who a person is, not a post, that news puts right before a name (村民王某某说, 游客李某某表示):
 * the name is a person's.
 */
export const PERSON_ROLE_NOUNS = [
  '村民',
  '居民',
  '市民',
  '群众',
  '农户',
  '农民',
  '游客',
  '职工',
  '员工',
  '工人',
  '志愿者',
  '老党员',
  '劳动模范',
  '劳模',
  '脱贫户',
  '种植户',
  '养殖户',
  '大学生',
  '学生',
  '家长',
  '患者',
  '老乡',
  '网友',
  '商户',
  '店主',
  '车主',
  '业主',
];

/** Verbs that tie an official to an enterprise or project in one sentence. */
export const INVOLVEMENT_VERBS = [
  '拜访',
  '调度',
  '引进',
  '考察',
  '调研',
  '走访',
  '视察',
  '看望',
  '推进',
  '推动',
  '签约',
  '听取',
  '研究',
  '来到',
  '对接',
  '督导',
  '检查',
  '参观',
  '指导',
  '帮扶',
  '协调',
  '洽谈',
  '招商',
  '落户',
  '建设',
  '开工',
  '竣工',
  '提出',
  '介绍',
  '主持',
  '部署',
];

/** Verbs of saying: the speaker promotes the slogans of the sentence. */
export const SPEECH_VERBS = [
  '说',
  '表示',
  '强调',
  '指出',
  '认为',
  '介绍',
  '提出',
  '要求',
  '提到',
  '谈到',
  '称',
  '回忆',
  '告诉',
  '说道',
  '坦言',
  '透露',
];

/** Characters that cannot end a Chinese personal name (function words and frequent verbs after names). */
export const NAME_STOP_CHARS = new Set(
  '的了在是和与及等说对向从为也都就还又将要会把被让给跟同而但或并以于由到自着过地得所之其这那此各该每某里上下中内外前后左右面时年月日号说讲表认指强提介回带主出来去进行作是有没不一二三四五六七八九十百千万亿个们他她它我你您'.split(
    '',
  ),
);

/**
 * The stop characters that are only the first character of a verb after a name (强调, 表示, 介绍, 带队,
 * 进行) and also common in given names (吕雨强, 李强勤): they end a name only where the segmenter reads that
 * verb, never as a character alone.
 */
export const NAME_SOFT_STOP_CHARS = new Set('表认指强提介回带主出进行作'.split(''));

/**
 * Function characters that are also frequent last characters of given names (林勤和, 陈林一): 和 joins and 一
 * counts only what follows them, so before a verb, a preposition or punctuation they end the name.
 */
export const NAME_JOINING_CHARS = new Set('和一'.split(''));

/** Characters that, between a name and a verb, mark an ongoing action (王伟正带领, 马卫忙着): not a name's. */
export const PROGRESSIVE_CHARS = new Set('正忙'.split(''));

/** Words that follow a name as its predicate though the dictionary does not tag them as verbs (带队, 督导). */
export const PREDICATE_WORDS = new Set(['带队', '督导', '调度', '督办', '一行']);

/** Number characters used in numbered formulas (三高四新, 五个统筹, 双统筹). */
export const FORMULA_NUMERALS = '一二三四五六七八九十百千万两双半';
