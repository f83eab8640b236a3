// The words of the grammar: one cue per meaning, English and Chinese side by side, matched on the
// normalised text (lower case, half-width, digits). Extending the planner to a new phrasing is
// usually one alternative added here.
const cue = (en: string, zh = "") => new RegExp(zh ? `\\b(?:${en})\\b|${zh}` : `\\b(?:${en})\\b`);

export const CUES = {
  greet: cue("hi|hello|hey|good (?:morning|afternoon|evening)|yo", "你好|您好|嗨|哈喽|早上好|下午好|晚上好"),
  // Thanks, or an acknowledgement that is the whole message ("ok", "好的"): 行 and 好 are parts of
  // many words (执行, 好吗), so they count only alone.
  thanks:
    /\b(?:thanks|thank you|thx|cheers)\b|谢谢|多谢|感谢|^\s*(?:ok|okay|great|perfect|cool|got it|好的?|行|没问题|知道了)\s*[.!！。~]*\s*$/,
  help: cue(
    "help|what can you do|how do i use|what do you do|commands|capabilities",
    "帮助|你能做什么|你会什么|怎么用|能干什么|功能",
  ),

  backup: cue("back(?:ing|ed)? ?up|backups?|protect(?:ing|ed)?|snapshot|save", "备份|保护|快照"),
  now: cue(
    "now|right now|right away|immediately|asap|at once|straight away",
    "现在|立即|立刻|马上|立马|赶紧|即刻",
  ),
  restore: cue(
    "restor(?:e|ing)(?! points?)|recover|roll(?:ing)? (?:\\S+ ){0,3}back|rollback|revert|(?:bring|get|put) (?:\\S+ ){0,3}back|undo|go back|as (?:it|they) (?:was|were|looked|stood)|how it (?:was|looked)|the way it was",
    "恢复(?!点|计划)|还原(?!点)|回滚|回退|找回|回到",
  ),
  latest: cue("latest|newest|most recent|last good|last backup", "最新|最近一次|最后一次|最近的"),
  overwrite: cue(
    "overwrit(?:e|ing)|in place|in-place|replac(?:e|ing) (?:the )?(?:live|current|existing|original)|over the (?:live|current|existing|original)|original location",
    "覆盖|原地|原位置|原来的位置|替换",
  ),
  keepCopy: cue(
    "(?:do not|don't|without|never) overwrit(?:e|ing)|new (?:folder|database|location|copy)|side by side|separate",
    "不要覆盖|不覆盖|新的(?:目录|数据库|位置)|新位置",
  ),

  list: cue(
    "list|show|display|what|which|see|view|give me|tell me|how many|when",
    "列出|列一下|显示|看看|看一下|看下|查看|给我看|有哪些|哪些|什么|多少|几个",
  ),
  restorePoints: cue(
    "restore points?|snapshots?|backups|versions|recovery points?|points in time|last backed up|backed up last|last backup|latest backup|newest backup|most recent backup",
    "恢复点|快照|备份点|版本|还原点|最近(?:1|一)次备份|上(?:1|一)?次备份|最后(?:1|一)次备份|最新的备份",
  ),
  search: cue(
    "find|search|look(?:ing)? for|locate|where is|where's|which versions|versions of|copies of|history of|contain(?:s|ing)?|is there (?:a |any )?(?:backup|copy|version)s? of|do we have (?:a |any )?(?:backup|copy|version)s? of",
    "查找|搜索|找一下|找到|寻找|在哪|哪里|哪些版本|所有版本|包含|含有|有没有.{0,40}(?:备份|版本|副本)|有没有\\s*[\\w./-]+\\.[a-z0-9]{1,6}\\b",
  ),
  assetsNoun: cue(
    "assets?|protected|folders|directories|databases|sources|we back up|do we back up|is backed up|are backed up",
    "资产|目录|数据库|受保护|备份了什么|备份了哪些|备份哪些",
  ),
  // Questions a policy answers: how often, when next, how long kept.
  policyQuestion: cue(
    "how often|how frequently|next (?:backup|run)|when (?:is|does|will) .{0,30}(?:next|run)|how long (?:do|does|will|are) (?:we|you|it|they|backups?) (?:keep|kept|retain)|how long .{0,20}(?:kept|retained)|what(?:'s| is) the (?:retention|schedule)",
    "多久备份|多长时间备份|备份频率|频率|下次备份|下一次备份|保留多久|保留多长|保存多久",
  ),
  policyNoun: cue("polic(?:y|ies)|schedules?|plans?|jobs? definitions?", "策略|计划|调度"),
  status: cue(
    "status|health|healthy|overview|summary|how (?:are|is|'s) (?:my|our|the|everything|things)|are we (?:ok|okay|good|protected|safe|covered)|is everything (?:ok|okay|fine|good|alright)|everything (?:ok|okay|fine)|at risk|going on|what's happening|how are things|rpo|storage|disk (?:space|usage)|space (?:used|left)|how much space|doing",
    "状态|风险|存储|空间|容量|状况|情况|概况|概览|健康|怎么样|如何|好吗|正常吗|有没有问题|总结|汇总|安全吗",
  ),
  // "any problems?", "有没有问题": a question about everything is a status check, not a diagnosis
  statusQuestion: cue(
    "any(?:thing)? (?:problems?|issues?|failures?|errors?|wrong|broken|failing|failed)|everything (?:ok|okay|fine|good|alright)|all good|(?:meeting|meet|within) (?:our |the )?rpo|(?:are|is) (?:all |the |my |our )*(?:backups?|jobs?|assets?|things|it) (?:ok|okay|fine|good|healthy|working|running|alright|up to date)|(?:is|are) (?:everything|all|we|things|our data|my data)\\b.{0,20}(?:protected|safe|covered|backed up)",
    "有没有(?:问题|失败|异常|出错)|是否正常|一切正常|都正常|有问题吗|都成功|成功了吗|是否成功|顺利吗|(?:是否|是不是)?都(?:受保护|被保护|有备份|备份了)",
  ),
  diagnose: cue(
    "why|fail(?:ed|s|ing|ure)?|error(?:s|ed)?|went wrong|go wrong|wrong|broken|broke|crash(?:ed)?|problem|issue|diagnos(?:e|is)|what happened",
    "为什么|为何|失败|出错|报错|错误|故障|问题|怎么回事|怎么了|挂了|诊断|原因",
  ),
  verify: cue(
    "verif(?:y|ied|ication)|validat(?:e|ion)|(?:restore|recovery|restoration) (?:test|drill|check)s?|test (?:the |a |our |my )?(?:\\w+ )?(?:restore points?|backups?|snapshots?)|test(?:ing)?[- ](?:the |a )?restor(?:e|es|ability)|drill|integrity|check (?:that|whether|if) .{0,60}restor|restorable|actually restores|can (?:\\w+ )?be restored|check (?:the )?(?:latest|newest) .{0,30}(?:backup|restore point|snapshot)",
    "验证|校验|检验|演练|恢复测试|还原测试|(?:能不能|能否|是否能|可不可以|可以).{0,6}(?:恢复|还原)|可恢复|是否可用",
  ),
  recommend: cue(
    "suggest|recommend|propose|advise|what (?:policy|schedule|retention) should|best (?:backup )?(?:policy|plan|schedule|strategy|setup)|optimi[sz]e",
    "建议|推荐|应该怎么(?:备份|设置)|优化",
  ),
  recovery: cue(
    "recovery plan|disaster|dr plan|whole (?:host|server|machine)|entire (?:host|server|machine)|host .{0,20}(?:died|is down|failed|lost)|server .{0,20}(?:died|is down|failed|lost)|plan (?:a |the )?recovery",
    "恢复计划|灾难|灾备|整台|整个服务器|服务器挂了|主机挂了|宕机",
  ),
  start: cue("start|execute|launch|run|go ahead with|carry out|begin", "开始|执行|启动|运行"),

  create: cue(
    "create|new|add|set ?up|make|define|schedule (?:a |an )?(?:new )?(?:\\w+ )?backups?|establish|configure",
    "创建|新建|新增|建立|设置|设定|添加|配置",
  ),
  change: cue(
    "change|update|modify|edit|set|make|switch|move|adjust|reschedule|shift|increase|decrease|reduce|extend|instead",
    "修改|改成|改为|改到|更改|调整|变更|改一下|换成|设为|设置为|延长|缩短",
  ),
  delete: cue(
    "delete|remove|drop|get rid of|destroy|erase|discard|forget|stop using",
    "删除|删掉|移除|去掉|去除|删了|不要了",
  ),
  pause: cue(
    "pause|disable|suspend|stop|(?:turn|switch|shut) (?:\\S+ )?off|deactivate|hold(?! on\\b| onto\\b)|halt|put on hold|skip",
    "暂停|停用|禁用|停止|关闭|关掉|停掉|先停",
  ),
  resume: cue(
    "resume|enable|unpause|re-?enable|turn (?:\\S+ )?(?:back )?on|switch (?:\\S+ )?(?:back )?on|reactivate|restart|start again|back on",
    "重新启用|启用|开启|打开|恢复运行|重新开启|继续",
  ),
  addAsset: cue(
    "add|register|track|onboard|include|enrol|enroll|start (?:backing up|protecting)|as an? (?:new )?asset|new asset",
    "添加|注册|加入|加到|加进|加为|纳入|新增|登记",
  ),
  removeAsset: cue(
    "stop (?:backing up|protecting|tracking|monitoring)|no longer (?:back up|protect|need)|unregister|untrack|from (?:the )?assets",
    "不再需要备份|不再备份|不用再备份|不要再备份|别再备份|不再保护|从资产|移除资产|删除资产",
  ),
  question:
    /[?？]\s*$|^(?:what|which|how|why|where|when|is|are|do|does|can|could)\b|吗[?？]?$|呢[?？]?$|什么|何时|多少|哪些|哪个|几个/,
  correction:
    /^(?:no\b|nope|not\b|actually|sorry|i meant|i mean|make (?:it|that)|rather|instead|change (?:it|that)|wait|oops|不对|不是|错了|应该是|我是说|改成|换成|其实)|\binstead\b/,
} as const;

export type CueName = keyof typeof CUES;

export function cuesOf(text: string): Set<CueName> {
  const out = new Set<CueName>();
  for (const [name, re] of Object.entries(CUES)) if (re.test(text)) out.add(name as CueName);
  return out;
}
