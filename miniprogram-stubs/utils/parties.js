// The parties of a case (GET /api/disputes/{id}) by id, and which of them the signed-in citizen may be.
// The service says the viewer's role (`myRole`) but not which party row is theirs: with one party in that role
// the answer is exact; with several (two respondents) the pages offer the action and the service decides
// (403 "只有履行义务人可以…" for the wrong one).
const ROLE_NAMES = { Applicant: '申请人', Respondent: '被申请人', ThirdParty: '第三人' };

function partiesOf(dispute) {
  const list = [];
  const add = (p, role) => p && list.push({ id: p.id, role, roleName: ROLE_NAMES[role], name: p.name, kind: p.kind });
  add(dispute.applicant, 'Applicant');
  for (const p of dispute.respondents || []) add(p, 'Respondent');
  for (const p of dispute.thirdParties || []) add(p, 'ThirdParty');
  return list;
}

// Ids of the parties the viewer may be: those in the viewer's role; a person rather than an organisation
// when the role has both (an organisation confirms through its representative, on paper).
function myPartyIds(dispute) {
  const sameRole = partiesOf(dispute).filter((p) => p.role === dispute.myRole);
  const people = sameRole.filter((p) => p.kind !== 'Organization');
  return (people.length ? people : sameRole).map((p) => p.id);
}

module.exports = { partiesOf, myPartyIds, ROLE_NAMES };
