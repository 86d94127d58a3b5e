"""Writes accounts.tsv: 300 short dispute accounts written for this project, 20 per dispute type, labelled by what a
mediator would judge (not by the lexicon). Every account is a situation of its type plus what the writer says about
the other side. The clauses of a third (split=dev, first the held-out set, then looked at while the lexicon was
generalised) are worded apart from those the lexicon was written with (split=train). The held-out set is heldout.tsv,
written apart from the lexicon and this script.
Run: python3 make_accounts.py > accounts.tsv (fixed seed: the file is reproducible)."""
import random

random.seed(19)

SITUATIONS = {
    "marriage-family": ["丈夫长期不给生活费，孩子的学费也没着落", "离婚后前夫不按约定支付抚养费", "兄弟几个为赡养母亲的费用争执不下", "婆媳矛盾激化，儿媳带着孩子回了娘家"],
    "neighbourhood": ["邻居把垃圾堆在我家门口", "楼上漏水把我家天花板泡坏了", "邻居家的狗多次咬伤路人", "邻居装修噪音半夜不停"],
    "house-homestead": ["邻居盖房占了我家宅基地半米", "兄弟分家时老宅的归属说不清", "村里重新划宅基地，我家的地被划给了别人", "租客到期不搬走还拖欠房租"],
    "contract": ["对方收了货款迟迟不发货", "装修公司收了定金后不开工", "合伙做生意，对方拿走账上的钱不认账", "买的二手车有事故隐瞒，卖家不退"],
    "production-business": ["合作社拖欠我们的收购款", "养殖场的污水流进了我家鱼塘", "承包的果园被别人强行摘了果子", "加工厂欠我们运输费半年"],
    "damages": ["对方开车撞坏了我家的院墙", "饭店吃饭时滑倒摔伤，店家不管", "邻居家孩子把我家玻璃打碎了", "工地掉落的砖头砸坏了我的车"],
    "forest-land": ["两个村为一片山林的边界争了多年", "承包地被邻村的人占着种庄稼", "林地里的树被人偷偷砍了卖掉", "土地流转的租金一直不给"],
    "land-expropriation": ["征地补偿款被村里扣着不发", "拆迁补偿标准两家差别太大", "房子还没谈好补偿就被推了一半", "征地后承诺的安置房迟迟不交"],
    "environmental-pollution": ["附近化工厂排出的气味很大", "采石场放炮震裂了我家的房子", "养猪场的粪水流到了村里的水沟", "砖厂的烟尘落满了我家的菜地"],
    "labour": ["在工地干了半年活，包工头不给工钱", "厂里辞退我不给任何补偿", "工伤住院后老板不肯出医药费", "公司拖欠三个月工资"],
    "consumer": ["健身房办了卡后就关门了", "买的电动车电池三个月就坏了", "培训机构收了学费不退", "网购的家具和图片完全不一样"],
    "medical": ["父亲在卫生院输液后病情加重", "手术后留下了后遗症，医院推卸责任", "诊所误诊耽误了治疗", "孩子打疫苗后发高烧，诊所不认"],
    "road-traffic": ["电动车和三轮车相撞，双方都受了伤", "被货车刮倒后司机只垫付了一点钱", "停在路边的车被人撞了逃逸后找到了车主", "交通事故赔偿保险公司和车主互相推"],
    "property-management": ["物业费涨了一倍，业主不同意", "小区电梯坏了半年物业不修", "物业把小区绿地改成了收费停车位", "业主家被盗，物业监控是坏的"],
    "other": ["村里修路占用了我家的菜地", "网上借款被人骗了，对方是同村人", "红白喜事随礼的钱两家闹翻", "村干部分配救济物资不公平"],
}

# What the writer says, by label. Train: the wording the lexicon was written with. Test: worded apart.
CLAUSES = {
    "train": {
        "Low": ["希望调解委员会帮忙协商解决。", "双方都愿意坐下来谈。", "请求依法调解，给个公道。", "多次协商未果，申请调解。", "对方态度还可以，就是拖着不办。"],
        "Medium": ["再不解决我们就去上访。", "家里老人瘫痪在床，急需这笔钱。", "我担心对方报复我们。", "实在走投无路了，请尽快处理。", "我们准备找媒体曝光。"],
        "High": ["对方昨天动手打人，把我打伤了。", "他扬言要报复我们全家。", "村里几十户人商量着要去堵门。", "他说要找人教训我。", "马上过年了，老板还拖欠工资，工友们急了。"],
        "Major": ["再不解决我就跟他同归于尽。", "实在活不下去了，我就喝农药死在他家门口。", "他拿着菜刀说要砍人。", "几十户村民要拉横幅集体上访进京。", "他说要放火烧了他家。"],
    },
    "dev": {
        "Low": ["对方没有动手，只是吵了几句。", "我们不会去上访的，相信组织。", "请帮忙算清楚账目，按规定处理。", "对方说愿意赔，就是金额谈不拢。", "希望调解员主持公道，早日了结。", "对方同意下周来调解室面谈。"],
        "Medium": ["如果这里解决不了，我只能去北京告状。", "家里还有个残疾的儿子要照顾。", "我怕他再来闹，晚上都不敢睡觉。", "我已经忍无可忍了。", "孩子还小，全家就靠这点收入。", "我们打算去信访局反映。"],
        "High": ["他冲进我家把我丈夫打得住了院。", "对方放话说走着瞧，不会放过我。", "全村的人都说要一起去镇政府讨说法。", "昨天两家人在地头打了一架，都挂了彩。", "他说要废了我儿子的腿。", "年底了工钱还不给，十几个工人要去堵工地大门。"],
        "Major": ["大不了一起死，谁也别想好过。", "我就从他家楼顶跳下去，让所有人都看看。", "他在家里准备了汽油，说要和对方拼命。", "他扬言要让对方全家偿命。", "上百人约好了明天去高速路口拦车。", "他说逼急了就杀人。"],
    },
}

REASONS = {"Low": "普通纠纷，未见升级迹象", "Medium": "有上访、弱势群体、担忧或激烈情绪等需要关注的因素", "High": "已发生或扬言实施暴力、报复或聚众行动", "Major": "危及生命、自伤或可能引发群体性事件"}

# Per type: 8 Low, 5 Medium, 4 High, 3 Major = 20; the last 7 of each type (by a shuffled order) are held out.
COUNTS = {"Low": 8, "Medium": 5, "High": 4, "Major": 3}

print("split\ttypeCode\tlabel\treason\ttext")
for type_code, situations in SITUATIONS.items():
    rows = []
    for label, n in COUNTS.items():
        rows += [label] * n
    random.shuffle(rows)
    for i, label in enumerate(rows):
        split = "dev" if i >= 13 else "train"
        situation = situations[i % len(situations)]
        clause = random.choice(CLAUSES[split][label])
        print(f"{split}\t{type_code}\t{label}\t{REASONS[label]}\t{situation}。{clause}")
