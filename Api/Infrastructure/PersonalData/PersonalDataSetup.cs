namespace Mediation.Api.Infrastructure.PersonalData;

public static class PersonalDataSetup
{
    public static WebApplicationBuilder AddPersonalDataProtection(this WebApplicationBuilder builder)
    {
        var encryption = KeyMaterial.Resolve(builder, "PersonalData:EncryptionKey", "personal-data-encryption.key");
        var hashing = KeyMaterial.Resolve(builder, "PersonalData:HashKey", "personal-data-hash.key");
        if (encryption.AsSpan().SequenceEqual(hashing))
            StartupProblems.Of(builder).Add("PersonalData:EncryptionKey and PersonalData:HashKey must differ.");
        builder.Services.AddSingleton(new PersonalDataProtector(encryption[..32], hashing));
        return builder;
    }
}
