namespace EBallroom.Portal.Features.Matching;

/// <summary>
/// English given names and their usual short forms. A short form that belongs to several formal names (Alex, Sam,
/// Chris) maps to the first listed; the scorer still accepts it against each of them.
/// </summary>
public static class Nicknames
{
    private static readonly string[] Groups =
    [
        "abigail:abby,abbie,gail", "abraham:abe,bram", "albert:al,bert,bertie", "alexander:alex,al,xander,sandy,sasha,lex",
        "alexandra:alex,alexa,lexi,sandra,sasha,alix", "alfred:alf,alfie,fred,freddie", "alice:allie,ally", "amanda:mandy,manda",
        "andrew:andy,drew", "angela:angie", "anne:annie,nan,nancy,anna", "anthony:tony,ant", "arthur:art,artie",
        "barbara:barb,babs,barbie", "benjamin:ben,benny,benji", "bernard:bernie,barney", "beatrice:bea,trixie",
        "caroline:carrie,carol,lina", "charles:charlie,chuck,chaz,chas,carl",
        "charlotte:charlie,lottie,lotte", "christina:chris,tina,chrissy", "christopher:chris,kit,topher",
        "cynthia:cindy", "daniel:dan,danny", "david:dave,davy,davey", "deborah:debbie,deb,debra", "dennis:denny",
        "donald:don,donny", "dorothy:dot,dottie,dolly", "douglas:doug", "edward:ed,eddie,ned,ted,teddy", "eleanor:ellie,nell,nora,elle",
        "elizabeth:liz,lizzie,beth,betty,bess,betsy,eliza,libby,elsie,elise", "emily:em,emmy,millie", "eugene:gene",
        "frances:fran,frannie,fanny", "francis:frank,fran", "frederick:fred,freddie,freddy,rick", "gabriel:gabe", "gabrielle:gabby,brie",
        "gerald:gerry,jerry", "gregory:greg", "harold:harry,hal", "henry:hank,harry,hal", "isabella:bella,izzy,isabel,isabelle,izzie",
        "jacob:jake,jack", "james:jim,jimmy,jamie,jimbo", "janet:jan", "jeffrey:jeff", "jennifer:jen,jenny,jenn", "jessica:jess,jessie",
        "john:jack,johnny,jon", "jonathan:jon,jonny", "joseph:joe,joey,jo", "josephine:jo,josie,jody", "joshua:josh",
        "judith:judy,jude", "julia:julie,jules", "katherine:kate,katie,kathy,kat,kathryn,kay,kit,kitty,catherine,cathy,cat,cate,kathleen,katharine", "kenneth:ken,kenny",
        "lawrence:larry,laurie", "leonard:leo,len,lenny", "louis:lou,louie", "lucas:luke", "madeline:maddie,maddy,madeleine",
        "margaret:maggie,meg,peggy,marge,margie,greta,daisy,molly,peg", "martin:marty", "mary:molly,polly,mae,mamie",
        "matthew:matt,matty", "michael:mike,mikey,mick,mickey", "michelle:shelly,micki", "natalie:nat,natty",
        "nathaniel:nate,nat,nathan", "nicholas:nick,nicky,nico,klaus", "nicole:nikki,nicky,cole", "oliver:ollie,noll",
        "olivia:liv,livvy,ollie", "pamela:pam", "patricia:pat,patty,trish,tricia,patsy", "patrick:pat,paddy,rick",
        "peter:pete", "philip:phil,pip", "rebecca:becky,becca,becks", "richard:rick,rich,dick,ricky,richie",
        "robert:bob,bobby,rob,robbie,bert,robin", "ronald:ron,ronnie", "samantha:sam,sammy", "samuel:sam,sammy",
        "sandra:sandy,sandi", "sarah:sally,sadie,sara", "stephanie:steph,stevie", "stephen:steve,stevie,steven",
        "susan:sue,susie,suzy,suzanne", "theodore:ted,teddy,theo", "thomas:tom,tommy,thom", "timothy:tim,timmy",
        "valerie:val", "victoria:vicky,tori,vic", "vincent:vince,vinny", "virginia:ginny,ginger", "walter:walt,wally",
        "william:bill,billy,will,willy,liam,willie", "zachary:zach,zack", "sophia:sophie,soph", "evelyn:evie,eve",
        "amelia:millie,amy,mia", "harper:harp", "alejandro:alex,alejo", "jose:pepe", "francisco:paco,pancho,cisco",
        "guillermo:memo,guille", "dmitri:dima", "alexei:alyosha", "ekaterina:katya", "yekaterina:katya",
    ];

    private static readonly Dictionary<string, HashSet<string>> GroupsByName = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, string> FormalByShort = Build(GroupsByName);

    /// <summary>Given names frequent enough that two of them a letter apart are two people (Maria, Marie), not a typo.</summary>
    private static readonly HashSet<string> KnownNames = new(GroupsByName.Keys.Concat(
    [
        "aaron", "adam", "adrian", "aidan", "alan", "allen", "alyssa", "amber", "amy", "ana", "andrea", "angel", "anna", "annie",
        "april", "ashley", "austin", "ava", "bailey", "blake", "brandon", "brenda", "brian", "brianna", "brittany", "brooke",
        "bruce", "bryan", "caleb", "cameron", "carl", "carla", "carlos", "carmen", "carol", "carolyn", "carter", "cheryl",
        "chloe", "cody", "colin", "connor", "craig", "crystal", "dana", "dane", "dean", "diana", "diane", "dylan", "eric",
        "erica", "erik", "erin", "ethan", "eva", "evan", "faith", "gary", "gavin", "grace", "hailey", "hannah", "heather",
        "helen", "hiroshi", "holly", "ian", "irene", "ivan", "jack", "jackson", "jade", "jane", "janice", "jason", "jean",
        "jenna", "jesse", "joan", "joanna", "joel", "jordan", "joyce", "juan", "julian", "justin", "karen", "kayla", "keith",
        "kelly", "kevin", "kim", "kyle", "laura", "lauren", "leah", "lee", "liam", "lily", "linda", "lisa", "logan", "lori",
        "lucy", "luis", "luke", "lydia", "mabel", "marco", "marcus", "maria", "marie", "mario", "mark", "marta", "martha",
        "mason", "mateo", "maya", "megan", "melissa", "mia", "miguel", "mila", "morgan", "nancy", "nina", "noah", "nora",
        "owen", "paige", "paul", "paula", "priya", "rachel", "ralph", "randy", "ray", "raymond", "riley", "rita", "roger",
        "rosa", "rose", "ruby", "russell", "ruth", "ryan", "scott", "sean", "sebastian", "seth", "shane", "shawn", "sofia",
        "siobhan", "tara", "taylor", "teresa", "tiffany", "todd", "tyler", "vanessa", "wayne", "wei", "wendy", "yuki", "zoe",
        "fatima", "camila", "chloe", "elijah", "lucas", "emma", "margaret", "dmitri", "noel", "joy", "roy", "rex",
    ]));

    /// <summary>The formal name a short form stands for ("bob" → "robert"); a formal or unknown name maps to itself.</summary>
    public static string Formal(string folded) => FormalByShort.GetValueOrDefault(folded, folded);

    /// <summary>True when one folded first name is a short form of the other, or both are short forms of one name.</summary>
    public static bool AreVariants(string a, string b)
    {
        if (a == b || a.Length == 0 || b.Length == 0) return false;
        return GroupsByName.TryGetValue(a, out var groupsOfA) && GroupsByName.TryGetValue(b, out var groupsOfB) && groupsOfA.Overlaps(groupsOfB);
    }

    public static bool IsKnownName(string folded) => KnownNames.Contains(folded);

    private static Dictionary<string, string> Build(Dictionary<string, HashSet<string>> groupsByName)
    {
        var formalByShort = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in Groups)
        {
            var parts = group.Split(':');
            var formal = parts[0];
            var names = parts[1].Split(',').Prepend(formal).ToArray();
            foreach (var name in names)
            {
                if (name != formal) formalByShort.TryAdd(name, formal);
                if (!groupsByName.TryGetValue(name, out var set)) groupsByName[name] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(formal);
            }
        }
        return formalByShort;
    }
}
