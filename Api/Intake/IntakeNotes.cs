using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Events;

namespace Mediation.Api.Intake;

/// <summary>Internal notes: any staff member who can see the case (its bodies' staff, supervisors above, assigned
/// mediators).</summary>
public static class IntakeNotes
{
    public static async Task<Results<Ok<List<NoteResponse>>, NotFound>> ListNotes(
        Guid id,
        ClaimsPrincipal user,
        [AsParameters] IntakeServices s,
        CancellationToken ct
    )
    {
        var visible = await s.Db.Disputes.VisibleToStaffAsync(user, s.Db, ct);
        if (!await visible.AnyAsync(d => d.Id == id, ct))
            return TypedResults.NotFound();
        var notes = await (
            from n in s.Db.CaseNotes.AsNoTracking()
            join a in s.Db.StaffUsers.AsNoTracking() on n.AuthorId equals a.Id
            where n.DisputeId == id
            orderby n.At
            select new NoteResponse(n.Id, n.AuthorId, a.DisplayName, n.Text, n.At)
        ).ToListAsync(ct);
        return TypedResults.Ok(notes);
    }

    public static async Task<Results<Created<NoteResponse>, NotFound>> AddNote(
        Guid id,
        NoteRequest request,
        ClaimsPrincipal user,
        [AsParameters] IntakeServices s,
        DomainEvents events,
        CancellationToken ct
    )
    {
        var visible = await s.Db.Disputes.VisibleToStaffAsync(user, s.Db, ct);
        if (!await visible.AnyAsync(d => d.Id == id, ct))
            return TypedResults.NotFound();
        var (me, now) = (user.GetUserId(), s.Now);
        var note = new CaseNote
        {
            DisputeId = id,
            AuthorId = me,
            Text = request.Text!.Trim(),
            At = now,
        };
        s.Db.CaseNotes.Add(note);
        await IntakeClaims.TouchAsync(s.Db, id, me, now, ct);
        await events.RaiseAsync(new CaseTextAdded(id, "Note", note.Text), ct);
        s.Audit.Record("CaseNoteAdded", "Dispute", id, new { noteId = note.Id });
        await s.Db.SaveChangesAsync(ct);
        var name = await s.Db.StaffUsers.Where(x => x.Id == me).Select(x => x.DisplayName).SingleAsync(ct);
        return TypedResults.Created($"/api/intake/{id}/notes", new NoteResponse(note.Id, me, name, note.Text, note.At));
    }
}
