using EBallroom.Portal.Features.Clients;

namespace EBallroom.Portal.Tests.Features.Clients;

public class ClientSearchTests
{
    [Fact]
    public void Search_text_folds_case_and_accents_and_holds_the_phone_digits_with_and_without_country_code()
    {
        var text = ClientSearch.BuildSearchText("Zoë", "O'Brien", "Zoe@Example.com", "+12125550142");

        Assert.Equal("zoe o'brien zoe@example.com 12125550142 2125550142", text);
    }

    [Fact]
    public void A_phone_like_search_becomes_its_digits()
    {
        Assert.Equal(["2125550142"], ClientSearch.Terms("(212) 555-0142"));
    }

    [Fact]
    public void Words_are_folded_and_deduplicated_and_empty_searches_have_no_terms()
    {
        Assert.Equal(["zoe", "obrien"], ClientSearch.Terms("  ZOË  obrien zoe "));
        Assert.Empty(ClientSearch.Terms("   "));
        Assert.Empty(ClientSearch.Terms(null));
    }

    [Fact]
    public void A_huge_search_is_cut_to_the_limit()
    {
        var terms = ClientSearch.Terms(new string('x', 10_000));
        Assert.Equal(ClientSearch.MaxTermLength, terms.Single().Length);
    }
}
