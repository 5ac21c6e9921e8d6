"""The organisations behind tsunagu's sample datasets: names, vocabularies, planted structure.

Read by make_samples.py, which does all the random work.  Each organisation line in a block is
    sector|name|interests (comma-separated)|area (default: the community's)|fields (default: derived)
with sector one of npo biz gov edu com oth.  Everything here is fictional.
"""


# --------------------------------------------------------------------------- 汐見市 (ja)

def ja_sector_cell(sector, name, rng):
    if rng.random() < 0.015:                        # someone typed it in English
        return {"npo": "NPO", "business": "Business", "government": "Government",
                "education": "Education", "community": "Community", "other": "Other"}[sector]
    if sector == "npo":
        if name.startswith("NPO法人"):
            return rng.choice(["NPO法人"] * 12 + ["ＮＰＯ法人", "NPO"])
        return rng.choice(["市民活動団体"] * 16 + ["NPO", "ＮＰＯ"])
    if sector == "business":
        if "株式会社" in name:
            return rng.choice(["企業", "企業", "企業", "株式会社", "株式会社"])
        return "事業者" if ("商店会" in name or "会社" not in name) and rng.random() < 0.7 else "企業"
    if sector == "government":
        return rng.choice(["行政"] * 4 + ["自治体"])
    if sector == "education":
        if "大学" in name:
            return rng.choice(["大学", "大学", "教育"])
        return rng.choice(["学校", "学校", "教育"])
    if sector == "community":
        for kind in ("町内会", "自治会"):
            if name.endswith(kind):
                return kind if rng.random() < 0.85 else "地縁"
        return "地縁"
    return "その他"


def ja_assoc_name(town, rng):
    if "団地" in town or "ニュータウン" in town:
        return town + "自治会"
    if town.endswith("町") and len(town) >= 3:
        return town + rng.choice(["内会", "内会", "自治会"])
    return town + rng.choice(["町内会", "町内会", "自治会"])


def ja_on_land(lat, lon):
    coast = 139.86 + (lat - 35.30) * 0.55          # the bay lies west of this line
    return lat, max(lon, coast + 0.004)


JA = {
    "dir": "ja", "seed": 20240917, "bom_crlf": True, "id_format": "SM-%04d", "id_gaps": 14,
    "p_partners": 0.3, "cross_ties": 10,
    "header": ["団体ID", "団体名", "種別", "活動分野", "関心テーマ", "提供できること", "困りごと",
               "地域", "緯度", "経度", "連携先", "備考"],
    "sector_cell": ja_sector_cell, "assoc_name": ja_assoc_name, "on_land": ja_on_land,
    "p_nocoord": lambda cell: 0.35 if cell == "市民活動団体" else 0.06,
    "areas": {"北区": (35.4450, 139.9850, 0.007), "港区": (35.4120, 139.9480, 0.006),
              "中央区": (35.3800, 139.9370, 0.006), "東区": (35.3850, 139.9850, 0.007),
              "南区": (35.3380, 139.9080, 0.007), "緑区": (35.3480, 139.9700, 0.008),
              "市内全域": (35.3804, 139.9317, 0.0)},          # 市役所本庁舎
    "fixed_coords": {"沖ノ島自治会": (35.3612, 139.8561), "沖ノ島漁業生産組合": (35.3589, 139.8527),
                     "汐見市立沖ノ島小学校": (35.3603, 139.859)},
    "separators": ["; ", ";", ";", "；", " ; ", "；"],
    "variants": {"IT支援": "ＩＴ支援", "福祉（高齢者）": "福祉(高齢者)", "福祉（子ども）": "福祉(子ども)",
                 "福祉（障害者）": "福祉(障害者)", "SDGs": "ＳＤＧｓ", "NPO支援": "ＮＰＯ支援",
                 "3R推進": "３Ｒ推進"},
    "offers": {"npo": "ボランティア*3, 専門知識*2, 講師派遣, 相談対応, イベント運営, 広報",
               "business": "資金*2, 物品*2, 会場, 車両, 専門知識, 社員ボランティア*2, 広報, 倉庫, 印刷, IT支援",
               "government": "広報*3, 会場*2, 助成金*2, 情報提供*2, 後援名義",
               "education": "会場, 学生ボランティア*3, 専門知識*2, 調査研究, 講師派遣, 体育館",
               "community": "人手*2, 会場*2, 地域情報*2, 見守りの目, 掲示板",
               "other": "ボランティア, 専門知識, 相談対応, ネットワーク*2, 資金, 会場"},
    "needs": {"npo": "資金*3, 会場*2, ボランティア*2, 広報*2, 担い手*2, 車両, 物品, IT支援, 倉庫, 専門知識",
              "business": "地域とのつながり*2, 社員の活躍の場, 人材, 広報, 協働相手",
              "government": "担い手*2, 地域情報, 協働相手*2, 参加者",
              "education": "地域の講師*2, 体験学習の場*2, 学生の活動先, 専門知識",
              "community": "担い手*3, 若い世代の参加*2, 資金, 会場, 専門知識, IT支援",
              "other": "協働相手, ボランティア*2, 会場, 広報"},
    "needs_extra": "広報, 担い手, 会場, 資金",
    "field_keywords": [(k, f) for f, ks in [
        ("福祉（高齢者）", "見守り 認知症 配食 サロン活動 買い物 介護 生きがい 終活 ごみ出し"),
        ("健康・医療", "フレイル 健康 看護"), ("生涯学習", "スマホ"), ("防犯・交通安全", "防犯 通学路"),
        ("国際交流", "多文化 日本語 外国 文化交流 通訳 多言語 母語 国際 食文化 在留"),
        ("環境", "SDGs 清掃 プラスチック 保全 環境 3R ごみ減量 食品ロス 里山 竹林 ホタル 棚田 自然体験 木育"),
        ("防災", "防災 避難 災害 海の安全"), ("福祉（子ども）", "子ども 不登校 ひとり親 若者"),
        ("子育て支援", "子育て プレーパーク 父親 多胎"), ("教育・文化", "学習 読み聞かせ 歴史 音楽活動 小規模校"),
        ("福祉（障害者）", "発達 障害者 手話 農福"),
        ("まちづくり", "空き家 空き店舗 古民家 リノベーション 中心市街地 住まい 離島 移動支援"),
        ("地域経済", "商店 創業 マルシェ 漁業 テレワーク"), ("観光", "観光 まちあるき シティプロモーション"),
        ("芸術", "アート"), ("農業・食", "農 地産地消"), ("スポーツ", "スポーツ ウォーキング")]
        for k in ks.split()],
    "interests_school": ["総合的な学習", "地域学習", "体験学習", "キャリア教育", "防災教育", "ボランティア学習"],
    "interests_any": ["SDGs", "多世代交流", "担い手育成", "情報発信", "防災訓練", "居場所づくり",
                      "健康づくり", "デジタル活用", "NPO支援", "地域の歴史"],
    "tie_kinds": {"government": ["委託", "助成", "後援", "協定", "情報交換"],
                  "other": ["共同事業", "助成", "情報交換", "ボランティア派遣"],
                  "business": ["物品提供", "協定", "共同事業", "会場提供", "イベント共催"],
                  "education": ["共同事業", "ボランティア派遣", "会場提供", "イベント共催"],
                  "npo": ["共同事業", "情報交換", "イベント共催"],
                  "community": ["情報交換", "イベント共催", "共同事業"],
                  "business-community": ["協定", "イベント共催", "物品提供"],
                  "community-community": ["情報交換", "イベント共催"],
                  "education-npo": ["共同事業", "ボランティア派遣", "会場提供"]},
    "tie_weight": {"委託": (4, 5), "協定": (3, 5), "共同事業": (3, 5), "助成": (2, 4), "イベント共催": (2, 4),
                   "ボランティア派遣": (2, 3), "会場提供": (1, 3), "物品提供": (1, 3), "後援": (1, 2),
                   "情報交換": (1, 2)},
    "loose": {"fields": ["まちづくり", "福祉（高齢者）", "子育て支援", "環境", "教育・文化", "地域経済"],
              "fields_extra": ["防災", "国際交流", "健康・医療"],
              "interests": ["仲間づくり", "担い手育成", "情報発信", "多世代交流"], "offers": "", "needs": ""},
    "notes": {
        "npo": ["月1回、第2土曜日に定例会。", "ボランティア随時募集中！", "会員数 約30名。",
                "2023年度 市民活動補助金 採択。", "代表者交代あり（2024年4月）。", "会報を年4回発行。",
                "事務所なし。連絡は代表者の携帯へ。", "法人化を検討中。", "HPリニューアル予定", "夏休み期間は活動休止"],
        "business": ["見守り協定締結済み（2022年）。", "CSR担当窓口あり。", "地域貢献の相談は総務課まで。",
                     "店舗の一角を地域に開放している。", "社員の地域活動参加を推進中。"],
        "government": ["担当：地域支援係", "年度ごとに担当者が替わるため要確認。",
                       "協働事業提案制度あり（毎年6月募集）。", "庁内関係課と調整中。"],
        "education": ["総合的な学習の時間で地域連携を検討中。", "夏休み中は窓口閉鎖。", "学校支援地域本部あり。",
                      "窓口：教頭"],
        "community": ["会員 約250世帯。", "役員は毎年4月に改選。", "集会所の貸出可（要予約）。", "加入率の低下が課題。",
                      "回覧板中心。SNS未導入。", "夏祭り・防災訓練を毎年実施。"],
        "other": ["窓口は平日のみ。", "市内全域で活動。", "各区に窓口あり。"],
        "any": ["要確認：電話番号変更", "2024.6 ヒアリング済", "前回の交流会に参加", "連絡はメール優先。",
                "担当が替わったため要再確認"],
        "special": ["平日：10時〜16時\n土日祝：休み", "2024.6 ヒアリング済\n次回訪問は秋ごろ\n※代表者の都合を要確認",
                    '「"できること"は応相談」とのこと', "要フォロー\n（前回の交流会で連携希望あり）",
                    '連絡先は"事務局"宛てで可', "代表者変更予定\n（次回総会で確定）"],
    },
    "notes_by_name": {
        "しおみ市民活動サポートセンター": '会報「しおみ通信」を年4回発行。愛称は"しおみん"。',
        "汐見市 市民協働推進課": "担当：協働推進係\n（内線）2315",
        "北総ガス株式会社 汐見営業所": '"見守り協定"締結済み, 2022年度',
        "白浜ビーチクリーン隊": 'イベント名は"浜辺のクリーン作戦"（毎年6月）。',
        "認知症カフェ「ひだまり」": "会場：北原地区センター 和室\n第1・第3水曜 13:30〜",
        "汐見信用金庫 地域応援部": "しんきん地域応援助成：締切11月末, 報告書3月末",
        "北区ふれあいサロン連絡会": '会の合言葉は"ゆるくつながる"。\n新しい仲間歓迎',
        "汐見郷土史研究会": "郷土資料館の「汐見の昔」展を毎年共催。",
        "沖ノ島自治会": "本土との連絡船は1日4便。\n荒天時は欠航あり",
        "汐見ボードゲーム交流会": "2024年度 新規登録。",
        "手話サークル てのひら": "新規登録（2024年10月）。連携先を探している。",
        "株式会社ウェブ汐見": "2024年度 新規登録。地域貢献に関心あり。",
    },
    "profiles": {   # brokers say more about themselves than most
        "社会福祉法人 汐見市社会福祉協議会": ("ボランティア; ネットワーク; 資金; 相談対応", "ボランティア; 担い手"),
        "汐見大学 地域連携センター": ("学生ボランティア; 専門知識; 調査研究; 会場", "学生の活動先; 体験学習の場"),
        "汐見信用金庫 地域応援部": ("資金; 専門知識; 会場; 広報", "地域とのつながり"),
        "汐見市 市民協働推進課": ("助成金; 広報; 情報提供; 会場", "協働相手"),
        "しおみ市民活動サポートセンター": ("相談対応; 会場; 広報; 専門知識; 印刷", "ボランティア; 資金"),
        "汐見商工会議所": ("専門知識; ネットワーク; 広報", "協働相手"),
    },
    "communities": [
        {"key": "kita", "label": "北区 高齢者の見守り・買い物支援", "area": "北区", "hubs": 3,
         "fields": ["福祉（高齢者）", "まちづくり"], "fields_extra": ["健康・医療", "防犯・交通安全", "生涯学習"],
         "interests": ["見守り", "買い物支援", "移動支援", "認知症カフェ", "居場所づくり", "フレイル予防",
                       "配食サービス", "サロン活動", "ごみ出し支援", "多世代交流", "防犯パトロール"],
         "offers": "見守りの目*2, 車両, 会場", "needs": "車両*2, 運転ボランティア*2, 担い手, 会場",
         "towns": ["北原", "青葉台", "高根町", "柏台", "大池", "桜木町", "北原団地", "松ケ丘", "上高根",
                   "二本松", "北原二丁目", "大池ハイツ団地"],
         "orgs": """
gov|汐見市北区役所 地域振興課|見守り,居場所づくり
npo|NPO法人きたはら見守りネット|見守り,居場所づくり
com|北区連合町内会|見守り,防災訓練
gov|汐見市 高齢福祉課||市内全域
npo|NPO法人買い物おたすけ便|買い物支援,移動販売
npo|北区ふれあいサロン連絡会|サロン活動
npo|認知症カフェ「ひだまり」|認知症カフェ
npo|NPO法人シニアいきいき汐見|フレイル予防,生きがいづくり
npo|移動支援ボランティア あゆみ|移動支援,通院付き添い
npo|配食ボランティア たんぽぽの会|配食サービス
npo|傾聴ボランティア こだま|傾聴
npo|青葉台いきいき体操クラブ|フレイル予防,健康づくり
npo|歌声喫茶きたはら|居場所づくり
npo|北区シニアのスマホ教室|スマホ教室
npo|ごみ出しサポート高根|ごみ出し支援
npo|北区男の料理教室|男性の地域参加
npo|北区防犯パトロール隊|防犯パトロール
npo|終活を考える会 きた|終活
biz|株式会社マルシオストア 北原店|買い物支援,移動販売
biz|有限会社あおば薬局|健康相談
biz|北総ガス株式会社 汐見営業所|見守り
biz|汐見新聞販売 北原専売所|見守り
biz|株式会社ほっと配食サービス|配食サービス
biz|有限会社高根電器|スマホ教室
biz|株式会社ヤマサ住宅設備|住まいの相談
biz|北原駅前商店会|商店街活性化,買い物支援
biz|株式会社はなまる介護サービス|介護予防
biz|有限会社北原タクシー|移動支援
oth|社会福祉法人あおば会 特別養護老人ホーム青葉の里|地域交流
oth|汐見市北部地域包括支援センター|介護予防,認知症カフェ
oth|北区民生委員児童委員協議会|見守り
com|北原寿会（老人クラブ）|生きがいづくり
com|高根子ども会|多世代交流
edu|汐見市立北原小学校|
edu|青葉台小学校|
edu|汐見市立高根中学校|
edu|大池小学校|
biz|株式会社しおみ葬祭 北原会館|終活
npo|北区子ども見守り隊|通学路見守り
oth|医療法人社団 北原内科クリニック|健康相談
edu|県立汐見北高等学校|ボランティア学習"""},
        {"key": "minato", "label": "港区 多文化共生・日本語教室", "area": "港区", "hubs": 3,
         "fields": ["国際交流", "教育・文化"], "fields_extra": ["福祉（子ども）", "防災", "地域経済"],
         "interests": ["多文化共生", "日本語教室", "外国人住民支援", "通訳ボランティア", "多言語情報",
                       "外国につながる子ども", "文化交流", "外国人の防災", "やさしい日本語"],
         "offers": "翻訳・通訳*2, 多言語の知識, 会場", "needs": "翻訳・通訳*2, 日本語ボランティア*2, 会場, 広報",
         "towns": ["港町", "入船町", "汐入", "新港", "磯辺", "岬町", "浜通り", "港南団地", "船方", "海岸通",
                   "港町三丁目", "汐入第二"],
         "orgs": """
gov|汐見市港区役所 地域振興課|多文化共生
npo|NPO法人しおみ多文化ネット|多文化共生,外国人住民支援
com|港区連合町内会|多文化共生,防災訓練
gov|汐見市 国際・多文化共生室||市内全域
gov|汐見市中央区役所 区民課|外国人住民支援|中央区
oth|公益財団法人 汐見国際交流協会|国際交流,日本語教室|中央区
npo|港日本語教室「ともだち」|日本語教室
npo|にほんご広場みなと|日本語教室,居場所づくり
npo|NPO法人 虹のかけはし学習会|外国につながる子ども,学習支援
npo|汐見通訳ボランティアの会|通訳ボランティア,多言語情報
npo|ベトナム人コミュニティ汐見|母語支援
npo|シオミ・フィリピン友好会|文化交流
npo|NPO法人 多言語防災ネットしおみ|外国人の防災,多言語情報
npo|ワールドキッチン国際料理交流会|食文化,文化交流
npo|港区多文化ママの会|子育て,多文化共生
npo|汐見ネパール友好協会|文化交流
npo|やさしい日本語普及の会|やさしい日本語|中央区
npo|国際交流サークル Port Friends|文化交流
npo|中国帰国者の会 汐見|母語支援
npo|外国人ママの日本語サロン|日本語教室
biz|株式会社みなと保育園|多文化共生
com|港区子ども会育成連絡協議会|多世代交流
biz|汐見港運株式会社|外国人雇用
biz|株式会社シーサイド水産加工|外国人雇用
biz|みなと行政書士事務所|在留手続き
biz|株式会社オーシャンリンクス|外国人雇用,就労支援
biz|アジア食材サンライズ|食文化
biz|株式会社汐見ベイホテル|観光,文化交流
biz|港町一丁目商店会|商店街活性化
biz|有限会社入船不動産|住まいの相談
oth|しおみ水産加工業協同組合|外国人雇用
oth|汐見カトリック教会 国際委員会|文化交流
edu|汐見市立港中学校（夜間学級）|日本語教室
edu|入船小学校|
edu|汐入小学校|
edu|新港小学校|
edu|県立汐見国際高等学校|国際理解"""},
        {"key": "minami", "label": "南区 海辺の環境・防災", "area": "南区", "hubs": 3,
         "fields": ["環境", "防災"], "fields_extra": ["観光", "教育・文化", "まちづくり"],
         "interests": ["海岸清掃", "海洋プラスチック", "津波避難", "防災訓練", "避難所運営", "松林保全",
                       "干潟保全", "環境学習", "海の安全"],
         "offers": "防災資機材, 軍手・ごみ袋*2, 車両, 専門知識", "needs": "軍手・ごみ袋*2, 防災資機材*2, 参加者, 車両",
         "towns": ["南浜", "白浜", "松原", "汐見台", "砂山", "千鳥町", "浜田", "汐見台団地", "長浜", "下浜",
                   "松原東", "南浜三丁目"],
         "orgs": """
gov|汐見市南区役所 地域振興課|防災訓練
npo|NPO法人しおみ海辺の会|海岸清掃,海洋プラスチック
com|南区連合町内会|防災訓練,津波避難
gov|汐見市 危機管理課|防災訓練,避難所運営|市内全域
gov|汐見市 環境政策課|海洋プラスチック,3R推進|市内全域
gov|汐見市消防局 南消防署|防災訓練
npo|白浜ビーチクリーン隊|海岸清掃
npo|松原の松林を守る会|松林保全
npo|NPO法人しおみ防災ネットワーク|防災訓練,津波避難
npo|南浜防災士の会|避難所運営
npo|汐見野鳥の会|干潟保全,環境学習
npo|NPO法人 干潟ネットしおみ|干潟保全
npo|子ども海洋教室うみっこ|環境学習,海の安全
npo|千鳥町災害ボランティア隊|災害ボランティア
npo|しおみライフセービングクラブ|海の安全
npo|ママの防災部みなみ|子育て世代の防災
npo|マイクロプラスチック調査隊|海洋プラスチック,市民科学
npo|砂山海岸の植物を守る会|海浜植物保全
npo|汐見サーフライダーズ|海岸清掃
biz|有限会社浜田釣具店|海の安全
com|汐見台団地防災委員会|避難所運営
biz|有限会社白浜サーフ|海岸清掃,観光
biz|株式会社汐見臨海エナジー|環境学習,SDGs
biz|南浜建設株式会社|災害時応援
biz|株式会社千鳥マリン|海の安全
biz|有限会社松原造園|松林保全
biz|株式会社ホームセンターしおみ 南浜店|防災用品
biz|汐見リサイクル株式会社|3R推進
biz|民宿 浜ゆう|観光
biz|株式会社南浜ケーブルテレビ|防災情報
oth|汐見漁業協同組合|海岸清掃,漁業体験
oth|汐見市赤十字奉仕団|防災訓練|市内全域
com|南区自主防災組織連絡協議会|防災訓練,避難所運営
com|白浜自主防災会|津波避難
edu|汐見市立南浜小学校|
edu|白浜小学校|
edu|砂山小学校|
edu|汐見市立松原中学校|防災教育
edu|県立汐見南高等学校 海洋科学科|環境学習"""},
        {"key": "higashi", "label": "東区 子育て支援・子ども食堂", "area": "東区", "hubs": 3,
         "fields": ["子育て支援", "福祉（子ども）"], "fields_extra": ["教育・文化", "健康・医療", "まちづくり"],
         "interests": ["子ども食堂", "学習支援", "フードバンク", "子育てサロン", "不登校支援", "プレーパーク",
                       "ひとり親支援", "子どもの居場所", "食品ロス削減"],
         "offers": "食材*2, 会場, 学習ボランティア", "needs": "食材*2, 調理設備, 学習ボランティア*2, 会場*2, 資金",
         "towns": ["東台", "若葉", "梅ノ木", "小松原", "八幡", "上野台", "東台団地", "柳町", "新田", "雲雀ヶ丘",
                   "若葉二丁目", "八幡台"],
         "orgs": """
gov|汐見市東区役所 地域振興課|子どもの居場所
npo|NPO法人フードバンクしおみ|フードバンク,食品ロス削減
com|東区連合町内会|多世代交流
gov|汐見市 こども家庭課|子育て支援,ひとり親支援|市内全域
gov|汐見市東子育て支援センター|子育てサロン
npo|東台こども食堂|子ども食堂
npo|わかば子ども食堂|子ども食堂,学習支援
npo|ひまわり食堂|子ども食堂,多世代交流
npo|梅ノ木みんなの食堂|子ども食堂,多世代交流
npo|NPO法人しおみ子育てネット|子育てサロン,子育て相談
npo|学習支援教室まなびば|学習支援
npo|不登校の親の会 そよかぜ|不登校支援
npo|NPO法人プレーパークしおみ|プレーパーク
npo|子育てサロン ぽかぽか|子育てサロン
npo|ひとり親サポート ここから|ひとり親支援
npo|読み聞かせの会 おはなしポケット|読み聞かせ
npo|NPO法人ユースセンターしおみ|若者の居場所
npo|しおみ多胎児の会 ふたごのわ|子育て相談
npo|パパの子育てを考える会 パパトモ東|父親の育児参加
npo|発達凸凹の親の会 にじいろ|発達障害
npo|おもちゃ図書館 つみき|子育てサロン
biz|株式会社スーパーやはた|食品ロス削減
biz|有限会社ベーカリー小松|食品ロス削減
biz|株式会社あおぞら進学塾|学習支援
biz|株式会社エコネット東|制服リユース
biz|東区梅ノ木商店会|多世代交流
biz|株式会社しおみ保育サービス|子育て支援
biz|八幡青果株式会社|食品ロス削減
biz|有限会社柳町豆腐店|食品ロス削減
oth|しおみ生活協同組合|フードバンク,食品ロス削減|市内全域
oth|宗教法人 東光寺|子ども食堂
oth|東区主任児童委員連絡会|子育て相談
oth|医療法人 わかば小児科|子育て相談
com|若葉子ども会|多世代交流
edu|汐見市立東台小学校|
edu|若葉小学校|
edu|八幡小学校|
edu|汐見市立梅ノ木中学校|
edu|小松原中学校|
edu|汐見こども短期大学|子育て支援"""},
        {"key": "chuo", "label": "中央区 商店街・空き家活用・観光", "area": "中央区", "hubs": 3,
         "fields": ["まちづくり", "地域経済"], "fields_extra": ["観光", "芸術", "教育・文化"],
         "interests": ["空き家活用", "商店街活性化", "創業支援", "まちあるき", "アートイベント", "古民家再生",
                       "空き店舗活用", "観光", "地域イベント"],
         "offers": "空き店舗, 会場*2, デザイン, 広報", "needs": "空き店舗, 出店者*2, 広報*2, 担い手, 資金",
         "towns": ["本町", "栄町", "元町", "錦町", "旭町", "末広町", "宮前", "寿町", "本町二丁目", "駅前第一",
                   "栄町三丁目"],
         "orgs": """
gov|汐見市中央区役所 地域振興課|商店街活性化
npo|NPO法人しおみ空き家バンク|空き家活用,移住促進
biz|汐見本町商店会|商店街活性化
gov|汐見市 商工観光課|観光,創業支援|市内全域
gov|汐見市 住宅政策課|空き家活用|市内全域
com|中央区連合町内会|地域イベント
npo|本町まちあるきの会|まちあるき,歴史文化
npo|NPO法人汐見アートプロジェクト|アートイベント,空き店舗活用
npo|古民家再生ネットワークしおみ|古民家再生
npo|汐見ランタン祭り実行委員会|地域イベント
npo|NPO法人まちなか創業支援しおみ|創業支援
npo|錦町ブックカフェの会|空き店舗活用,居場所づくり
npo|汐見フィルムコミッション|シティプロモーション
npo|NPO法人しおみ観光ガイドの会|観光ガイド,まちあるき
npo|汐見クラフトマルシェ|マルシェ
npo|中央区ごみゼロ推進の会|ごみ減量
npo|汐見映画祭実行委員会|地域イベント
biz|株式会社しおみFM|シティプロモーション
oth|公益財団法人 汐見市文化振興財団|アートイベント|市内全域
biz|駅前通り商店会|商店街活性化
biz|株式会社汐見まちづくり公社|中心市街地活性化
biz|有限会社栄町不動産|空き家活用
biz|株式会社元町設計室|古民家再生,リノベーション
biz|株式会社汐見ケータリング|食のイベント
biz|株式会社しおみタウン誌|シティプロモーション
biz|錦町酒造株式会社|歴史文化,観光
biz|株式会社末広工務店|リノベーション
biz|合同会社コワーキング汐見|創業支援,テレワーク
biz|株式会社汐見印刷|情報発信
biz|旭町 喫茶ポプラ|居場所づくり
biz|有限会社寿町写真館|地域の歴史
biz|汐見駅ビル株式会社|シティプロモーション
oth|一般社団法人 汐見市観光協会|観光
com|本町祭礼保存会|歴史文化
edu|汐見市立本町小学校|
edu|錦小学校|
edu|旭中学校|
edu|県立汐見商業高等学校|商店街活性化
edu|汐見デザイン専門学校|アートイベント"""},
        {"key": "midori", "label": "緑区 里山・農・健康づくり", "area": "緑区", "hubs": 3,
         "fields": ["環境", "スポーツ"], "fields_extra": ["健康・医療", "農業・食", "福祉（障害者）"],
         "interests": ["里山保全", "竹林整備", "地産地消", "健康づくり", "ウォーキング", "農福連携",
                       "自然体験", "環境学習", "市民農園"],
         "offers": "農地*2, 農機具, 会場, 体育館", "needs": "草刈り機, 担い手*2, 車両, 参加者",
         "towns": ["山ノ辺", "杉谷", "笹原", "野田", "鷹ノ巣", "竹ノ内", "中山", "緑ヶ丘", "奥谷", "緑ヶ丘団地",
                   "杉谷新町", "中山台"],
         "orgs": """
gov|汐見市緑区役所 地域振興課|里山保全
npo|NPO法人緑の里山クラブ|里山保全,竹林整備
oth|JA汐見（汐見農業協同組合）|地産地消,農業体験
gov|汐見市 農政課|地産地消|市内全域
gov|汐見市 スポーツ振興課|健康づくり|市内全域
com|緑区連合町内会|防災訓練
npo|杉谷ホタルの会|ホタル保全,環境学習
npo|笹原市民農園の会|市民農園,地産地消
npo|NPO法人みどり総合型スポーツクラブ|健康づくり,総合型地域スポーツ
npo|緑区ウォーキング協会|ウォーキング
npo|NPO法人農福ネットしおみ|農福連携
npo|竹ノ内竹林整備隊|竹林整備
npo|汐見グラウンドゴルフ同好会|健康づくり,多世代交流
npo|鷹ノ巣キャンプの会|自然体験
npo|里山こども自然学校|自然体験,環境学習
npo|障害者スポーツを楽しむ会みどり|障害者スポーツ
npo|買い物支援ボランティア山ノ辺|買い物支援,移動支援
npo|奥谷の棚田を守る会|棚田保全
npo|森林ボランティア きこり倶楽部|里山保全
biz|株式会社汐見エコ電力|SDGs
oth|緑区民生委員児童委員協議会|見守り
biz|株式会社みどりファーム|地産地消,農業体験
biz|汐見交通株式会社|移動支援
biz|有限会社杉谷製材所|木育
biz|株式会社汐見カントリークラブ|健康づくり
biz|農産物直売所みどりの市|地産地消
biz|株式会社グリーンフィットネス汐見|健康づくり
biz|有限会社中山養鶏場|農業体験
biz|有限会社野田オートサービス|移動支援
oth|社会福祉法人みどり福祉会 就労継続支援B型事業所みどり工房|農福連携
oth|公益財団法人 汐見市スポーツ協会|スポーツ振興|市内全域
com|杉谷老人クラブ 杉の子会|健康づくり
com|山ノ辺自主防災会|防災訓練
edu|汐見市立杉谷小学校|
edu|中山小学校|
edu|笹原小学校|
edu|汐見市立緑中学校|
edu|県立汐見農業高等学校|農業体験"""},
    ],
    "brokers": """
oth|社会福祉法人 汐見市社会福祉協議会|ボランティアセンター運営,地域福祉|市内全域|福祉（高齢者）,福祉（子ども）,まちづくり
edu|汐見大学 地域連携センター|地域課題研究,学生ボランティア|中央区|教育・文化,まちづくり
biz|汐見信用金庫 地域応援部|地域経済,創業支援|中央区|地域経済,まちづくり
gov|汐見市 市民協働推進課|協働のまちづくり|市内全域|まちづくり
npo|しおみ市民活動サポートセンター|NPO支援,中間支援|中央区|まちづくり
oth|汐見商工会議所|地域経済,事業承継|中央区|地域経済""",
    "broker_links": {"社会福祉法人 汐見市社会福祉協議会": ["kita", "higashi", "minato", "midori"],
                     "汐見大学 地域連携センター": ["chuo", "minato", "minami", "midori"],
                     "汐見信用金庫 地域応援部": ["chuo", "kita", "higashi", "minami"],
                     "汐見市 市民協働推進課": ["chuo", "kita", "minato", "minami", "higashi", "midori"],
                     "しおみ市民活動サポートセンター": ["minato", "higashi", "chuo", "minami"],
                     "汐見商工会議所": ["chuo", "minami", "midori"]},
    "isolates": """
npo|汐見ボードゲーム交流会|多世代交流||教育・文化
biz|株式会社ウェブ汐見|ホームページ制作,IT支援|港区|地域経済
npo|手話サークル てのひら|手話|東区
biz|有限会社松原畳店|伝統技術|南区|地域経済
com|笹原ニュータウン自治会|防災訓練,多世代交流|緑区|まちづくり
npo|NPO法人 汐見ペット防災の会|ペット同行避難|南区
edu|汐見看護専門学校|健康づくり|北区|健康・医療,教育・文化
npo|汐見ジャズ愛好会|音楽活動|港区""",
    "pairs": """
npo|汐見郷土史研究会|地域の歴史|中央区
gov|汐見市郷土資料館|地域の歴史,文化財保護|中央区""",
    "triangles": """
com|沖ノ島自治会|離島振興|南区
oth|沖ノ島漁業生産組合|漁業体験|南区
edu|汐見市立沖ノ島小学校|小規模校|南区""",
    # (offered by, needed by, offers, needs): equal sets once folded, and never tied
    "matches": [("株式会社汐見ケータリング", "ひまわり食堂", ["調理設備", "食品衛生の指導"], ["食品衛生の指導", "調理設備"]),
                ("汐見交通株式会社", "買い物支援ボランティア山ノ辺", ["車両", "運転講習"], ["運転講習", "車両"]),
                ("株式会社ウェブ汐見", "汐見通訳ボランティアの会", ["IT支援", "ホームページ制作"],
                 ["ホームページ制作", "ＩＴ支援"])],
}


# --------------------------------------------------------------------------- Hollin Bay (en)

def en_sector_cell(sector, name, rng):
    if sector == "npo":
        return rng.choice(["NPO", "NPO", "NPO", "npo", "npo"])
    return rng.choice([sector, sector, sector.capitalize()])


def en_on_land(lat, lon):
    coast = 52.934 - (lon - 1.30) * 0.02           # the sea lies north of this line
    return min(lat, coast - 0.002), lon


EN = {
    "dir": "en", "seed": 1872, "bom_crlf": False, "id_format": "HB-%03d", "id_gaps": 6,
    "p_partners": 0.4, "cross_ties": 3,
    "header": ["id", "name", "sector", "fields", "interests", "offers", "needs", "area", "lat", "lon",
               "partners", "notes"],
    "sector_cell": en_sector_cell, "assoc_name": None, "on_land": en_on_land,
    "p_nocoord": lambda cell: 0.15 if cell.lower() == "npo" else 0.05,
    "areas": {"Harbour": (52.9300, 1.3020, 0.0020), "Westcliff": (52.9280, 1.2800, 0.0025),
              "Old Town": (52.9260, 1.3040, 0.0020), "Southfield": (52.9150, 1.2980, 0.0030),
              "Eastgate": (52.9230, 1.3250, 0.0025), "Town-wide": (52.9262, 1.3012, 0.0)},  # town hall
    "fixed_coords": {"Marsh End Village Hall Committee": (52.9081, 1.3604),
                     "St Botolph's Church, Marsh End": (52.9076, 1.3617),
                     "Marsh End Parish Meeting": (52.9081, 1.3604)},
    "separators": ["; ", "; ", ";", " ; "],
    "variants": {"volunteers": "Volunteers", "venue": "Venue", "IT support": "IT Support",
                 "funding": "Funding", "environment": "Environment"},
    "offers": {"npo": "volunteers*3, expertise*2, training, advice, event management, publicity",
               "business": "funding*2, equipment*2, venue, staff volunteering*2, publicity, storage, printing, IT support",
               "government": "publicity*2, venue*2, grants*2, data, officer time",
               "education": "venue, student volunteers*3, expertise*2, research, sports hall",
               "community": "volunteers*2, venue*2, local knowledge*2, noticeboard",
               "other": "volunteers, expertise, advice, networks*2, funding, venue"},
    "needs": {"npo": "funding*3, venue*2, volunteers*2, publicity*2, trustees*2, transport, equipment, IT support, storage",
              "business": "local connections*2, staff volunteering opportunities, publicity, partners",
              "government": "volunteers, local knowledge, partners*2, participants",
              "education": "guest speakers*2, work placements*2, student volunteering opportunities, expertise",
              "community": "volunteers*3, younger members*2, funding, venue, expertise, IT support",
              "other": "partners, volunteers*2, venue, publicity"},
    "needs_extra": "publicity, volunteers, venue, funding",
    "field_keywords": [(k, f) for f, ks in [
        ("environment", "beach marine wildlife coastal rockpool"), ("heritage", "fishing heritage history"),
        ("community development", "flood digital volunteering capacity village"),
        ("local economy", "shop market empty grants websites"), ("arts & culture", "arts music festival"),
        ("food", "hunger food cooking"), ("young people", "youth young"), ("education", "homework research"),
        ("children & families", "family"), ("older people", "loneliness befriending dementia"),
        ("transport", "transport"), ("health & wellbeing", "falls walking")]
        for k in ks.split()],
    "interests_school": ["outdoor learning", "work experience", "careers", "citizenship", "eco-schools"],
    "interests_any": ["intergenerational projects", "volunteering", "health & wellbeing", "local history",
                      "climate action", "digital inclusion"],
    "tie_kinds": {"government": ["contract", "grant", "agreement", "information sharing"],
                  "other": ["joint project", "information sharing", "volunteering", "venue loan"],
                  "business": ["sponsorship", "joint project", "co-hosted event", "venue loan"],
                  "education": ["joint project", "volunteering", "venue loan"],
                  "npo": ["joint project", "information sharing", "co-hosted event"],
                  "community": ["information sharing", "co-hosted event"],
                  "business-community": ["co-hosted event", "sponsorship"],
                  "npo-npo": ["information sharing", "joint project", "co-hosted event"]},
    "tie_weight": {"contract": (4, 5), "agreement": (3, 5), "joint project": (3, 5), "grant": (2, 4),
                   "sponsorship": (2, 4), "co-hosted event": (2, 4), "volunteering": (2, 3), "venue loan": (1, 3),
                   "information sharing": (1, 2)},
    "loose": {"fields": ["community development", "health & wellbeing", "local economy"],
              "fields_extra": ["arts & culture", "environment", "heritage"],
              "interests": ["volunteering", "making friends", "intergenerational projects"],
              "offers": "", "needs": ""},
    "notes": {
        "npo": ["Registered charity.", "Meets first Tuesday of the month.", "Volunteers always welcome.",
                "New chair from April 2024.", "Small grant from the Town Council in 2023.",
                "No premises; contact via the secretary.", "Newsletter four times a year."],
        "business": ["Staff volunteering days available.", "Sponsors the summer regatta.",
                     "Contact the manager, not head office.", "Part of the Shop Local scheme."],
        "government": ["Contact: community development officer.", "Budget decisions in February.",
                       "Small grants round opens each June."],
        "education": ["Term-time only.", "Contact via the school office.", "Year 10 volunteering programme."],
        "community": ["About 180 households.", "AGM every March.", "Hall available to hire."],
        "other": ["Weekday office hours only.", "Covers the whole district."],
        "any": ["Check phone number", "Met at the networking event, Oct 2024", "Prefers email.",
                "Follow up in the new year"],
        "special": ["Office hours:\nMon-Thu 10am-2pm", "Contact via secretary\n(new email from May 2024)",
                    'Listed as "pending" until the AGM confirms the new chair.'],
    },
    "notes_by_name": {
        "Southfield Community Pantry": 'Runs the "Pop-up Pantry" on Fridays, 11am-1pm.',
        "Southfield Youth Club": "Needs DBS-checked volunteers\nfor the youth sessions",
        "Eastgate Library": '"Warm Space" every Wednesday, October to March',
        "Marsh End Village Hall Committee": 'Known locally as "the Hut".\nBus only twice a week.',
        "Coastline Building Society": "Community Fund: bids by 30 Nov, decisions in January.",
        "Bayview Web Design Ltd": "New on the list (Sept 2024). Keen to help local groups.",
        "Hollin Bay Chess Club": "New on the list, Sept 2024",
    },
    "profiles": {
        "Hollin Bay Council for Voluntary Service": ("advice; training; volunteers; networks", "funding"),
        "Hollin Bay College - Community Partnerships": ("student volunteers; research; venue; expertise",
                                                        "work placements; student volunteering opportunities"),
        "Coastline Building Society": ("funding; staff volunteering; venue", "local connections"),
        "Hollin Bay Town Council - Community Development": ("grants; publicity; venue; data", "partners; volunteers"),
    },
    "communities": [
        {"key": "harbour", "label": "Harbour & Westcliff: coast and environment", "area": "Harbour", "hubs": 3,
         "fields": ["environment", "heritage"], "fields_extra": ["community development", "sport", "local economy"],
         "interests": ["beach cleans", "marine litter", "flood resilience", "fishing heritage", "coastal path",
                       "sea safety", "wildlife watching", "rockpooling"],
         "offers": "boats, equipment*2, local knowledge", "needs": "litter pickers*2, storage, transport",
         "orgs": """
npo|Friends of Hollin Bay Beach|beach cleans,marine litter
com|Harbour Cottages Residents' Association|flood resilience
oth|Hollin Bay Fishermen's Association|fishing heritage
npo|Hollin Bay Coastwatch|sea safety
npo|Harbour Heritage Trust|fishing heritage
npo|Westcliff Coastal Path Volunteers|coastal path|Westcliff
npo|Bay Seal Watch|wildlife watching
npo|Hollin Bay Sea Cadets|sea safety
biz|Bayside Surf School Ltd|beach cleans|Westcliff
biz|Harbour Fish Bar|fishing heritage
biz|Westcliff Holiday Park Ltd|coastal path|Westcliff
biz|Pier Marine Engineering Ltd|sea safety
oth|Hollin Bay Lifeboat Station|sea safety
gov|East Marsh District Council - Coastal Flood Team|flood resilience|Town-wide
edu|Westcliff Primary School|rockpooling|Westcliff
edu|Harbour Nursery School|
com|Westcliff Residents' Association||Westcliff"""},
        {"key": "oldtown", "label": "Old Town: high street, arts and heritage", "area": "Old Town", "hubs": 3,
         "fields": ["local economy", "arts & culture"], "fields_extra": ["heritage", "community development", "tourism"],
         "interests": ["empty shops", "markets", "arts trail", "heritage walks", "shop local", "live music",
                       "festivals"],
         "offers": "shop window space, venue*2, design", "needs": "stallholders*2, publicity*2, empty units",
         "orgs": """
biz|Old Town Traders' Association|shop local,empty shops
npo|Hollin Bay Arts Trail|arts trail
gov|Hollin Bay Museum|heritage walks
npo|Empty Shops Project CIC|empty shops
npo|Old Town Heritage Walks|heritage walks
npo|Hollin Bay Folk Festival|live music,festivals
npo|The Custom House Gallery|arts trail
biz|Old Town Bookshop Ltd|shop local
biz|Bayside Catering Ltd|markets
biz|The Anchor Inn|live music
biz|Gull & Pebble Design Studio|arts trail
biz|Hollin Bay Farmers' Market Ltd|markets
oth|St Mary's Church, Old Town|heritage walks
oth|Hollin Bay Chamber of Trade|shop local
edu|Old Town Infant School|
com|Old Town Residents' Association|
com|Quay Street Neighbourhood Watch|"""},
        {"key": "southfield", "label": "Southfield: children, young people and food", "area": "Southfield", "hubs": 3,
         "fields": ["children & families", "young people"], "fields_extra": ["food", "sport", "education"],
         "interests": ["holiday hunger", "food poverty", "youth club", "homework club", "family support",
                       "cooking skills", "sport for young people"],
         "offers": "food*2, kitchen, minibus", "needs": "food donations*2, kitchen, volunteers, minibus",
         "orgs": """
npo|Southfield Community Pantry|food poverty
com|Southfield Tenants' and Residents' Association|family support
gov|Southfield Family Hub|family support
npo|Southfield Youth Club|youth club
npo|Southfield Holiday Hunger Project|holiday hunger
npo|Hollin Bay Foodbank|food poverty
npo|Southfield Homework Club|homework club
npo|Southfield Amateur Boxing Club|sport for young people
npo|Bay Families Together|family support
biz|Bayside Supermarket Southfield|food poverty
biz|Kelp & Co Bakery|holiday hunger
biz|Southfield Motors Ltd|
edu|Southfield Primary School|
edu|Hollin Bay Academy|homework club
com|Pinewood Close Residents' Group|
oth|Southfield Methodist Church|food poverty
oth|Bay Homes Housing Association|family support|Town-wide"""},
        {"key": "eastgate", "label": "Eastgate: older people and wellbeing", "area": "Eastgate", "hubs": 3,
         "fields": ["older people", "health & wellbeing"], "fields_extra": ["community development", "transport",
                                                                            "arts & culture"],
         "interests": ["loneliness", "befriending", "dementia-friendly", "community transport", "falls prevention",
                       "digital inclusion", "walking groups"],
         "offers": "minibus, drivers, befrienders", "needs": "drivers*2, befrienders*2, minibus, venue",
         "orgs": """
npo|Age Well Hollin Bay|loneliness,falls prevention
com|Eastgate Residents' Association|
gov|Eastgate Library|digital inclusion
npo|Eastgate Befriending Scheme|befriending,loneliness
npo|Memory Café Eastgate|dementia-friendly
npo|Eastgate Community Transport|community transport
npo|Hollin Bay Walking for Health|walking groups
npo|Tech Buddies Hollin Bay|digital inclusion
npo|Eastgate Bowls Club|
biz|Eastgate Pharmacy|falls prevention
biz|Coastal Taxis Ltd|community transport
biz|Eastgate Garden Centre|
oth|Eastgate Surgery Patient Participation Group|
oth|Eastgate Court Sheltered Housing|loneliness
edu|Eastgate Primary School|
com|Lavender Road Street Association|"""},
    ],
    "brokers": """
npo|Hollin Bay Council for Voluntary Service|volunteering,capacity building|Town-wide|community development
edu|Hollin Bay College - Community Partnerships|student volunteering,research|Southfield
biz|Coastline Building Society|community grants|Old Town|local economy
gov|Hollin Bay Town Council - Community Development|community grants|Town-wide|community development""",
    "broker_links": {"Hollin Bay Council for Voluntary Service": ["southfield", "eastgate", "harbour", "oldtown"],
                     "Hollin Bay College - Community Partnerships": ["southfield", "oldtown", "harbour"],
                     "Coastline Building Society": ["oldtown", "eastgate", "southfield"],
                     "Hollin Bay Town Council - Community Development": ["oldtown", "harbour", "southfield",
                                                                         "eastgate"]},
    "isolates": """
npo|Hollin Bay Chess Club|board games|Old Town|arts & culture
biz|Bayview Web Design Ltd|websites|Harbour
npo|Hollin Bay Ukulele Group|live music|Westcliff
npo|Eastgate Knit and Natter|loneliness|Eastgate""",
    "pairs": """
npo|Hollin Bay Model Railway Society|local history|Eastgate
npo|Old Signal Box Heritage Trust|local history|Harbour""",
    "triangles": """
com|Marsh End Village Hall Committee|village hall|Marsh End
oth|St Botolph's Church, Marsh End|local history|Marsh End
gov|Marsh End Parish Meeting|rural transport|Marsh End""",
    "matches": [("Bayside Catering Ltd", "Southfield Holiday Hunger Project", ["kitchen", "food hygiene training"],
                 ["food hygiene training", "Kitchen"]),
                ("Bayview Web Design Ltd", "Eastgate Befriending Scheme", ["website design", "IT support"],
                 ["IT Support", "website design"])],
}
