// A case is numbered when the committee accepts it (受理): until then the citizen follows it by the application
// number (申请编号) given at filing. Views show whichever the case has, with its name.
function caseReference(d) {
  return d && d.caseNumber
    ? { number: d.caseNumber, numberLabel: '案号' }
    : { number: (d && d.applicationNumber) || '', numberLabel: '申请编号' };
}

module.exports = { caseReference };
