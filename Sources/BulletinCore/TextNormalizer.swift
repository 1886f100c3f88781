/// Scalar-for-scalar normalization, so that offsets never move.
///
/// Two views come out of a decoded text:
/// - the **body** (stored, shown as evidence): full-width ASCII forms become ASCII (`１８７４` →
///   `1874`, `％` → `%`, `，` → `,`), NBSP and ideographic spaces stay as they are;
/// - the **matching view** used by extractors: the body with Traditional characters mapped to
///   Simplified ones (`億` → `亿`, `業` → `业`), so one set of cue words serves both scripts.
public enum TextNormalizer {
    /// Full-width ASCII (U+FF01–U+FF5E) to ASCII; other scalars unchanged.
    @inline(__always)
    public static func halfWidth(_ c: Unicode.Scalar) -> Unicode.Scalar {
        let v = c.value
        if v >= 0xFF01 && v <= 0xFF5E { return Unicode.Scalar(v - 0xFEE0)! }
        switch v {
        case 0x3002: return c          // 。 stays: it ends sentences
        case 0x00A0, 0x0000: return " "     // NUL cannot be stored in PostgreSQL text
        default: return c
        }
    }

    /// The body form of a text: full-width digits, letters and punctuation to ASCII.
    public static func body(_ text: String) -> String { String(scalars: bodyScalars(text)) }

    /// The body form of a text, as scalars.
    public static func bodyScalars(_ text: String) -> [Unicode.Scalar] {
        var text = text
        return text.withUTF8 { buf in
            // The String's UTF-8 is valid: decode it directly rather than through UnicodeScalarView.
            var out: [Unicode.Scalar] = []
            out.reserveCapacity(buf.count)
            var k = 0
            let n = buf.count
            while k < n {
                let b0 = UInt32(buf[k])
                var v: UInt32
                if b0 < 0x80 {
                    v = b0; k += 1
                } else if b0 < 0xE0 {
                    v = (b0 & 0x1F) << 6 | UInt32(buf[k + 1] & 0x3F); k += 2
                } else if b0 < 0xF0 {
                    v = (b0 & 0x0F) << 12 | UInt32(buf[k + 1] & 0x3F) << 6 | UInt32(buf[k + 2] & 0x3F); k += 3
                } else {
                    v = (b0 & 0x07) << 18 | UInt32(buf[k + 1] & 0x3F) << 12 | UInt32(buf[k + 2] & 0x3F) << 6
                        | UInt32(buf[k + 3] & 0x3F)
                    k += 4
                }
                out.append(halfWidth(Unicode.Scalar(v) ?? "\u{FFFD}"))
            }
            return out
        }
    }

    /// The body form of scalars.
    public static func bodyScalars(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out = text
        for k in out.indices {
            let v = out[k].value
            if v >= 0xFF01 && v <= 0xFF5E || v == 0xA0 || v == 0 { out[k] = halfWidth(out[k]) }
        }
        return out
    }

    /// The matching view of a body: Traditional to Simplified, scalar for scalar.
    public static func matchingView(_ body: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out = body
        let flat = TraditionalMap.flat
        for k in 0..<out.count {
            let v = out[k].value
            if v >= 0x4E00 && v <= 0x9FFF {
                let m = flat[Int(v - 0x4E00)]
                if m != 0 { out[k] = Unicode.Scalar(m)! }
            }
        }
        return out
    }
}

/// Traditional → Simplified for the characters bulletins use (one scalar each).
enum TraditionalMap {
    /// The table as a flat array over U+4E00…U+9FFF (0 = unchanged): one load per scalar.
    static let flat: [UInt32] = {
        var a = [UInt32](repeating: 0, count: 0x9FFF - 0x4E00 + 1)
        for (k, v) in table where k.value >= 0x4E00 && k.value <= 0x9FFF { a[Int(k.value - 0x4E00)] = v.value }
        return a
    }()

    static let table: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs = """
        業业術术億亿員员級级獎奖區区縣县與与發发總总數数達达萬万額额約约餘余個个項项筆笔貸贷資资費费經经濟济產产長长\
        創创選选組组團团務务設设計计劃划爭争確确標标實实現现兩两點点幾几進进學学獲获評评優优會会議议國国際际廳厅門门\
        網网頁页覽览閱阅瀏浏較较認认準准規规強强財财撥拨預预將将轉转記记證证書书錢钱銀银為为對对於于從从這这還还後后\
        來来時时間间鄉乡鎮镇場场導导領领龍龙頭头專专獨独獸兽軍军試试驗验測测範范隊队並并開开關关傳传統统稱称錄录報报\
        榮荣譽誉貳贰參叁陸陆圓圆幣币績绩質质動动態态條条據据類类體体係系應应廣广東东雲云濱滨營营環环節节鏈链銷销緊紧\
        協协調调聯联號号儀仪續续讓让幹干層层樣样蓋盖題题顯显壯壮擴扩廠厂辦办機机構构練练農农藥药醫医療疗臺台灣湾漢汉\
        號号紹绍級级備备屆届邊边園园裡里裏里戶户億亿佔占檢检處处電电話话車车畫画單单雙双團团縱纵橫横區区輔辅導导師师\
        歲岁島岛補补貼贴稅税務务產产權权築筑鑒鉴賽赛優优勢势態态響响綠绿色色臨临嶺岭陳陈順顺喪丧氣气聲声讀读講讲談谈\
        證证頒颁獎奖勵励舉举辦办屬属鄰邻誌志訊讯張张華华興兴衛卫護护錦锦繡绣歷历紀纪範范總总帶带歸归觀观權权攬揽麗丽\
        廳厅漁渔鹽盐礦矿產产價价闖闯擁拥饋馈壓压減减增增幅幅騰腾躍跃舊旧興兴錄录實实濟济頂顶頁页顧顾題题額额風风飛飞\
        門门問问閩闽閣阁陽阳陰阴階阶隊队隨随險险雞鸡雜杂離离難难雲云電电靈灵韓韩頻频類类養养館馆馬马駐驻驗验體体髮发\
        鬥斗魚鱼鳥鸟麥麦黃黄齊齐齒齿龍龙龜龟億亿儲储兌兑黨党幣币彈弹徑径從从徵征態态懷怀戰战據据擊击擔担擬拟擇择擺摆\
        攜携斷断於于昇升書书會会樓楼標标樣样樹树橋桥歡欢歲岁殘残氣气決决沒没潤润濕湿災灾為为無无煙烟熱热爾尔牆墙狀状\
        獻献環环現现產产畝亩異异當当療疗發发盡尽監监盤盘眾众礎础禮礼禦御種种稱称穩稳窮穷競竞筆笔節节範范簡简糧粮約约\
        紅红級级紙纸細细終终組组結结給给絡络統统絲丝經经綜综維维網网線线練练縣县總总績绩織织繩绳繼继續续罰罚聯联職职\
        聽听膽胆脅胁腦脑臉脸興兴舉举艱艰藝艺薦荐號号術术衝冲補补裝装製制複复規规視视親亲覺觉觀观訂订計计訓训記记設设\
        許许訴诉診诊詞词試试詩诗該该詳详認认語语說说課课調调談谈請请論论諸诸謀谋講讲謝谢識识證证議议護护讓让變变豐丰\
        貝贝負负財财貢贡貧贫貨货販贩責责貫贯費费貸贷資资賞赏質质購购贈赠趕赶趨趋跡迹踐践車车軌轨軟软載载輕轻輪轮輸输\
        轄辖辦办農农這这連连週周進进運运過过達达違违遠远適适選选遺遗還还郵邮鄉乡醫医鋼钢錄录錢钱鍵键鐵铁長长門门開开\
        閒闲間间閱阅隊队陸陆陳陈險险隱隐雖虽雙双雜杂離离電电需需頁页項项順顺須须預预領领頻频題题額额顏颜風风飛飞餘余\
        館馆駕驾騎骑驗验體体鬧闹黨党齡龄奮奋強强儘尽億亿優优償偿蘭兰蘇苏處处虛虚號号蟲虫術术衛卫衝冲裏里補补製制覆覆\
        堅坚塊块壇坛壞坏夠够夢梦奪夺奧奥婦妇媽妈孫孙寧宁審审寫写寶宝將将專专尋寻導导層层屬属岡冈島岛崗岗嶺岭幫帮廟庙\
        廢废廣广彙汇彥彦徹彻徵征慶庆憑凭應应懸悬戲戏戶户揮挥損损擴扩擾扰攝摄敗败敘叙斬斩昇升暢畅曆历曉晓朧胧東东條条\
        棄弃極极構构槍枪樂乐樞枢橫横檢检櫃柜歐欧殺杀殼壳毀毁氣气滅灭滬沪滿满漲涨潔洁澤泽濃浓燈灯爐炉獄狱獲获瑪玛畢毕\
        療疗癒愈盧卢碼码確确碩硕磚砖祿禄禪禅穀谷窩窝竊窃紀纪納纳紛纷純纯索索絕绝綫线緊紧縮缩繁繁罷罢羅罗義义習习聖圣\
        聞闻腳脚與与艦舰莊庄萬万葉叶蔣蒋薩萨藍蓝蘋苹衆众襲袭覽览訪访誤误誰谁諾诺謂谓譯译讚赞豬猪賈贾賓宾賴赖贊赞趙赵\
        躍跃軍军較较輯辑辭辞邊边鄧邓醜丑針针鎮镇鏡镜鐘钟閃闪閉闭陣阵隸隶雞鸡韋韦頓顿頭头類类顧顾顯显飯饭飲饮飽饱馬马\
        驅驱驚惊髮发鬥斗魯鲁鮮鲜鳳凤鴻鸿麗丽點点齊齐龐庞
        """
        var t: [Unicode.Scalar: Unicode.Scalar] = [:]
        let scalars = Array(pairs.unicodeScalars.filter { $0.value >= 0x3400 })
        var k = 0
        while k + 1 < scalars.count {
            if scalars[k] != scalars[k + 1] { t[scalars[k]] = scalars[k + 1] }
            k += 2
        }
        return t
    }()
}
